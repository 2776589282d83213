package dev.gatehouse.permissions;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Every size limit Gatehouse enforces, in one place, with the checks that enforce them. The
 * numbers follow the Liveblocks REST API (rooms, accesses, metadata, tokens) and Stream's
 * multi-tenant mode (teams). Each check throws {@link InvalidInputException} with a message that
 * names the field and the limit.
 */
public final class Limits {
  /** A room id is 1 to 128 characters. */
  public static final int ROOM_ID_MAX_LENGTH = 128;
  /** A user id is 1 to 128 characters. */
  public static final int USER_ID_MAX_LENGTH = 128;
  /** At most 100 entries in {@code usersAccesses}, and 100 in {@code groupsAccesses}. */
  public static final int ACCESS_ENTRIES_MAX = 100;
  /**
   * A group id, the key of {@code groupsAccesses} and each group id of an ID token, is 1 to 40
   * characters (Liveblocks' key limit). A key of {@code usersAccesses} is a user id instead, up to
   * {@value #USER_ID_MAX_LENGTH}: a shorter bound would leave valid users unable to hold an entry,
   * or to create a room as a client (which gives its creator one).
   */
  public static final int GROUP_ID_MAX_LENGTH = 40;
  /** At most 50 metadata entries per room. */
  public static final int METADATA_ENTRIES_MAX = 50;
  /** A metadata key is 1 to 40 characters. */
  public static final int METADATA_KEY_MAX_LENGTH = 40;
  /** A metadata string value, or each string of an array value, is at most 256 characters. */
  public static final int METADATA_VALUE_MAX_LENGTH = 256;
  /**
   * An array metadata value holds at most 50 strings. Liveblocks states no number; this bound
   * keeps the largest legal room well inside DynamoDB's 400 KB item.
   */
  public static final int METADATA_ARRAY_MAX_ITEMS = 50;
  /**
   * Metadata as stored: at most 256 KiB of UTF-8 in its keys and values together. The per-entry
   * bounds alone allow 50 × 50 × 256 characters (over 640 KB), more than DynamoDB's 400 KB item;
   * with this budget the largest legal room or user (accesses, teams included) stays inside it.
   */
  public static final int METADATA_STORED_BYTES_MAX = 256 * 1024;
  /** An access token names at most 10 room patterns. */
  public static final int TOKEN_PATTERNS_MAX = 10;
  /** A room pattern is a room id of at most 128 characters, optionally ending in {@code *}. */
  public static final int ROOM_PATTERN_MAX_LENGTH = 128;
  /** An ID token carries at most 100 group ids, each a valid {@code groupsAccesses} key. */
  public static final int GROUP_IDS_MAX = 100;
  /**
   * A token is at most 8192 characters: what every verifier accepts before parsing, and what fits
   * in API Gateway's 10 KB of request headers. Inputs inside every other limit can still make a
   * longer one (100 group ids of 40 non-ASCII characters, a full userInfo), so issuing checks it.
   */
  public static final int TOKEN_MAX_LENGTH = 8 * 1024;
  /** {@code userInfo} is at most 1024 characters once serialised to JSON. */
  public static final int USER_INFO_MAX_JSON_LENGTH = 1024;
  /** A user belongs to at most 250 teams. */
  public static final int TEAMS_PER_USER_MAX = 250;
  /** A team name, which is also a tenant id, is 1 to 100 bytes of UTF-8. */
  public static final int TEAM_NAME_MAX_BYTES = 100;
  /** A user's display name is at most 256 characters. */
  public static final int USER_NAME_MAX_LENGTH = 256;
  /** A batch of user upserts or updates holds at most 100 users. */
  public static final int USERS_PER_BATCH_MAX = 100;

  private Limits() {}

  /** Checks a room id: 1 to {@value #ROOM_ID_MAX_LENGTH} characters, no control characters. */
  public static String requireRoomId(String roomId, String field) {
    requireText(roomId, field, ROOM_ID_MAX_LENGTH, ErrorCode.INVALID_ROOM_ID, "room id");
    return roomId;
  }

  /** Checks a user id: 1 to {@value #USER_ID_MAX_LENGTH} characters, no control characters. */
  public static String requireUserId(String userId, String field) {
    requireText(userId, field, USER_ID_MAX_LENGTH, ErrorCode.INVALID_USER_ID, "user id");
    return userId;
  }

  /**
   * Checks a stored group's id: 1 to {@value #GROUP_ID_MAX_LENGTH} characters, no control
   * characters, the same rule as a {@code groupsAccesses} key, so every group can hold an entry.
   */
  public static String requireGroupId(String groupId, String field) {
    requireText(groupId, field, GROUP_ID_MAX_LENGTH, ErrorCode.INVALID_GROUP_ID, "group id");
    return groupId;
  }

  /** Checks one key of {@code usersAccesses}: a user id, 1 to {@value #USER_ID_MAX_LENGTH} characters. */
  public static String requireUsersAccessesKey(String key, String field) {
    requireText(key, field, USER_ID_MAX_LENGTH, ErrorCode.INVALID_ACCESSES, "key");
    return key;
  }

  /** Checks one key of {@code groupsAccesses}: a group id, 1 to {@value #GROUP_ID_MAX_LENGTH} characters. */
  public static String requireGroupsAccessesKey(String key, String field) {
    requireText(key, field, GROUP_ID_MAX_LENGTH, ErrorCode.INVALID_ACCESSES, "key");
    return key;
  }

  /** Checks the number of entries of {@code usersAccesses} or {@code groupsAccesses}. */
  public static void requireAccessEntries(int count, String field) {
    if (count > ACCESS_ENTRIES_MAX) {
      throw invalid(
          ErrorCode.INVALID_ACCESSES,
          field,
          field + " has " + count + " entries; the limit is " + ACCESS_ENTRIES_MAX,
          "Group users into groupsAccesses, or remove entries you no longer need.");
    }
  }

  /**
   * Checks the {@code usersAccesses} of a room a client creates, which gains the creator's own
   * entry: at most {@value #ACCESS_ENTRIES_MAX} with it.
   */
  public static void requireAccessEntriesWithCreator(int countWithCreator, String field) {
    if (countWithCreator > ACCESS_ENTRIES_MAX) {
      throw invalid(
          ErrorCode.INVALID_ACCESSES,
          field,
          field + " has " + countWithCreator + " entries with your own entry (the creator's *:write); the limit is "
              + ACCESS_ENTRIES_MAX,
          "Send at most " + (ACCESS_ENTRIES_MAX - 1) + " other entries, or group users into groupsAccesses.");
    }
  }

  /**
   * Checks room metadata: at most {@value #METADATA_ENTRIES_MAX} entries, keys of at most
   * {@value #METADATA_KEY_MAX_LENGTH} characters, values that are strings of at most {@value
   * #METADATA_VALUE_MAX_LENGTH} characters or arrays of such strings.
   *
   * @param metadata values as decoded from JSON: {@code String} or {@code List} of {@code String}
   */
  public static void requireMetadata(Map<String, ?> metadata, String field) {
    if (metadata.size() > METADATA_ENTRIES_MAX) {
      throw invalid(
          ErrorCode.INVALID_METADATA,
          field,
          field + " has " + metadata.size() + " entries; the limit is " + METADATA_ENTRIES_MAX,
          "Keep room metadata small; store larger data in your own database.");
    }
    metadata.forEach((key, value) -> requireMetadataEntry(key, value, field));
    long bytes = 0;
    for (Map.Entry<String, ?> entry : metadata.entrySet()) {
      bytes += utf8Length(entry.getKey());
      if (entry.getValue() instanceof List<?> list) {
        for (Object item : list) {
          bytes += utf8Length((String) item);
        }
      } else if (entry.getValue() instanceof String value) {
        bytes += utf8Length(value);
      }
    }
    if (bytes > METADATA_STORED_BYTES_MAX) {
      throw invalid(
          ErrorCode.INVALID_METADATA,
          field,
          field + " holds " + bytes + " bytes of keys and values (UTF-8); the limit is " + METADATA_STORED_BYTES_MAX,
          "Keep metadata small; store larger data in your own database and keep its id here.");
    }
  }

  private static long utf8Length(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** Checks one metadata entry; see {@link #requireMetadata}. */
  public static void requireMetadataEntry(String key, Object value, String field) {
    requireText(key, field + " key", METADATA_KEY_MAX_LENGTH, ErrorCode.INVALID_METADATA, "key");
    String path = field + "." + key;
    if (value instanceof String s) {
      requireMetadataString(s, path);
    } else if (value instanceof List<?> list) {
      if (list.size() > METADATA_ARRAY_MAX_ITEMS) {
        throw invalid(
            ErrorCode.INVALID_METADATA,
            path,
            path + " has " + list.size() + " items; the limit is " + METADATA_ARRAY_MAX_ITEMS,
            "Shorten the array.");
      }
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw invalid(
              ErrorCode.INVALID_METADATA,
              path,
              path + " must be a string or an array of strings",
              "Encode numbers and booleans as strings.");
        }
        requireMetadataString(s, path);
      }
    } else {
      throw invalid(
          ErrorCode.INVALID_METADATA,
          path,
          path + " must be a string or an array of strings",
          "Encode numbers and booleans as strings; use null in an update to remove a key.");
    }
  }

  private static void requireMetadataString(String value, String path) {
    if (value.length() > METADATA_VALUE_MAX_LENGTH) {
      throw invalid(
          ErrorCode.INVALID_METADATA,
          path,
          path + " is " + value.length() + " characters; the limit is " + METADATA_VALUE_MAX_LENGTH,
          "Shorten the value.");
    }
    requireValidUnicode(value, path, ErrorCode.INVALID_METADATA);
  }

  /** Checks the group ids of an ID token: at most {@value #GROUP_IDS_MAX}, each a valid key. */
  public static void requireGroupIds(Collection<String> groupIds, String field) {
    if (groupIds.size() > GROUP_IDS_MAX) {
      throw invalid(
          ErrorCode.INVALID_GROUP_IDS,
          field,
          field + " has " + groupIds.size() + " ids; the limit is " + GROUP_IDS_MAX,
          "Send only the groups that appear in room accesses.");
    }
    for (String groupId : groupIds) {
      requireText(groupId, field, GROUP_ID_MAX_LENGTH, ErrorCode.INVALID_GROUP_IDS, "group id");
    }
  }

  /** Checks the length of a token about to be issued, so that no verifier refuses it. */
  public static String requireTokenLength(String token, String fields) {
    if (token.length() > TOKEN_MAX_LENGTH) {
      throw invalid(
          ErrorCode.TOKEN_TOO_LARGE,
          fields,
          "The token would be " + token.length() + " characters; the limit is " + TOKEN_MAX_LENGTH
              + ", what verifiers accept",
          "Send fewer or shorter " + fields + ".");
    }
    return token;
  }

  /** Checks the serialised size of {@code userInfo}. */
  public static void requireUserInfoLength(int jsonLength, String field) {
    if (jsonLength > USER_INFO_MAX_JSON_LENGTH) {
      throw invalid(
          ErrorCode.INVALID_USER_INFO,
          field,
          field + " is " + jsonLength + " characters as JSON; the limit is "
              + USER_INFO_MAX_JSON_LENGTH,
          "Keep userInfo to what other users need to see (a name, an avatar URL, a colour).");
    }
  }

  /** Checks a team name or tenant id: 1 to {@value #TEAM_NAME_MAX_BYTES} bytes of UTF-8. */
  public static String requireTeamName(String team, String field) {
    if (team == null || team.isEmpty()) {
      throw invalid(
          ErrorCode.INVALID_TENANT,
          field,
          field + " must be a non-empty string",
          "Name the team or tenant, or leave the field out.");
    }
    requireValidUnicode(team, field, ErrorCode.INVALID_TENANT);
    int bytes = team.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > TEAM_NAME_MAX_BYTES) {
      throw invalid(
          ErrorCode.INVALID_TENANT,
          field,
          field + " is " + bytes + " bytes of UTF-8; the limit is " + TEAM_NAME_MAX_BYTES,
          "Use a shorter team or tenant id.");
    }
    if (hasControlCharacter(team)) {
      throw invalid(
          ErrorCode.INVALID_TENANT, field, field + " contains a control character", "Remove it.");
    }
    return team;
  }

  /** Checks the number of teams of a user. */
  public static void requireTeamCount(int count, String field) {
    if (count > TEAMS_PER_USER_MAX) {
      throw invalid(
          ErrorCode.INVALID_TEAMS,
          field,
          field + " has " + count + " teams; the limit is " + TEAMS_PER_USER_MAX,
          "A user can be a member of at most " + TEAMS_PER_USER_MAX + " teams.");
    }
  }

  /** Checks a user's display name: at most {@value #USER_NAME_MAX_LENGTH} characters. */
  public static String requireUserName(String name, String field) {
    if (name.length() > USER_NAME_MAX_LENGTH) {
      throw invalid(ErrorCode.INVALID_USER, field,
          field + " is " + name.length() + " characters; the limit is " + USER_NAME_MAX_LENGTH, "Shorten the name.");
    }
    requireValidUnicode(name, field, ErrorCode.INVALID_USER);
    return name;
  }

  /** Checks the number of users in one batch request. */
  public static void requireBatchSize(int count, String field) {
    if (count == 0 || count > USERS_PER_BATCH_MAX) {
      throw invalid(
          ErrorCode.INVALID_BATCH,
          field,
          field + " has " + count + " users; send 1 to " + USERS_PER_BATCH_MAX,
          "Split larger batches into several requests.");
    }
  }

  private static void requireText(String value, String field, int max, ErrorCode code, String what) {
    if (value == null || value.isEmpty()) {
      throw invalid(code, field, field + " must be a non-empty string", "Send a " + what + ".");
    }
    if (value.length() > max) {
      throw invalid(
          code,
          field,
          field + " is " + value.length() + " characters; the limit for a " + what + " is " + max,
          "Use a shorter " + what + ".");
    }
    if (hasControlCharacter(value)) {
      throw invalid(
          code, field, field + " contains a control character", "Remove control characters.");
    }
    requireValidUnicode(value, field, code);
  }

  /**
   * Refuses a lone UTF-16 surrogate: it is no character, and stored as UTF-8 it becomes {@code ?},
   * so two different ids would name one key (and alias a real {@code ?}).
   */
  private static void requireValidUnicode(String value, String field, ErrorCode code) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // a pair: one supplementary character
      } else if (Character.isSurrogate(c)) {
        throw invalid(code, field, field + " is not valid Unicode (a lone UTF-16 surrogate)",
            "Send text as valid UTF-8; a surrogate may only appear as half of a pair.");
      }
    }
  }

  private static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static InvalidInputException invalid(
      ErrorCode code, String field, String message, String suggestion) {
    return new InvalidInputException(code, field, message, suggestion);
  }
}
