package dev.gatehouse.permissions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every limit and parse error: the code, the field, and a message that names the limit. */
class LimitsTest {

  private static InvalidInputException expectError(String code, String field, String message, Executable call) {
    InvalidInputException e = assertThrows(InvalidInputException.class, call);
    assertEquals(code, e.code());
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains(message), () -> "message '" + e.getMessage() + "' lacks '" + message + "'");
    assertFalse(e.suggestion().isBlank());
    return e;
  }

  @Test
  void roomIdLimits() {
    assertDoesNotThrow(() -> Limits.requireRoomId("r".repeat(128), "id"));
    expectError("INVALID_ROOM_ID", "id", "id is 129 characters; the limit for a room id is 128",
        () -> Limits.requireRoomId("r".repeat(129), "id"));
    expectError("INVALID_ROOM_ID", "id", "id must be a non-empty string", () -> Limits.requireRoomId("", "id"));
    expectError("INVALID_ROOM_ID", "id", "id must be a non-empty string", () -> Limits.requireRoomId(null, "id"));
    expectError("INVALID_ROOM_ID", "id", "id contains a control character", () -> Limits.requireRoomId("a\nb", "id"));
  }

  @Test
  void textThatIsNotValidUnicodeIsRefused() {
    String loneHigh = "a\uD800b";
    String loneLow = "\uDC00";
    String reversed = "\uDC00\uD800";
    for (String bad : List.of(loneHigh, loneLow, reversed, "\uD83D")) {
      expectError("INVALID_ROOM_ID", "id", "id is not valid Unicode (a lone UTF-16 surrogate)", () -> Limits.requireRoomId(bad, "id"));
      expectError("INVALID_USER_ID", "userId", "not valid Unicode", () -> Limits.requireUserId(bad, "userId"));
      expectError("INVALID_ACCESSES", "usersAccesses key", "not valid Unicode", () -> Limits.requireUsersAccessesKey(bad, "usersAccesses key"));
      expectError("INVALID_GROUP_IDS", "groupIds", "not valid Unicode", () -> Limits.requireGroupIds(List.of(bad), "groupIds"));
      expectError("INVALID_TENANT", "organizationId", "not valid Unicode", () -> TenantId.parse(bad, "organizationId"));
      expectError("INVALID_TENANT", "teams", "not valid Unicode", () -> Limits.requireTeamName(bad, "teams"));
      expectError("INVALID_METADATA", "metadata key", "not valid Unicode", () -> Limits.requireMetadata(Map.of(bad, "v"), "metadata"));
      expectError("INVALID_METADATA", "metadata.k", "not valid Unicode", () -> Limits.requireMetadata(Map.of("k", bad), "metadata"));
      expectError("INVALID_METADATA", "metadata.k", "not valid Unicode", () -> Limits.requireMetadata(Map.of("k", List.of(bad)), "metadata"));
      expectError("INVALID_USER", "name", "not valid Unicode", () -> Limits.requireUserName(bad, "name"));
    }
    String emoji = "room-\uD83D\uDE00";
    assertDoesNotThrow(() -> Limits.requireRoomId(emoji, "id"), "a surrogate pair is one valid character");
    assertDoesNotThrow(() -> Limits.requireMetadata(Map.of(emoji, List.of(emoji)), "metadata"));
    assertDoesNotThrow(() -> TenantId.parse(emoji, "organizationId"));
  }

  @Test
  void aTokenTooLongToVerifyIsNotIssued() {
    assertDoesNotThrow(() -> Limits.requireTokenLength("t".repeat(Limits.TOKEN_MAX_LENGTH), "groupIds"));
    expectError("TOKEN_TOO_LARGE", "groupIds", "The token would be 8193 characters; the limit is 8192",
        () -> Limits.requireTokenLength("t".repeat(Limits.TOKEN_MAX_LENGTH + 1), "groupIds"));
  }

  @Test
  void userIdLimits() {
    assertDoesNotThrow(() -> Limits.requireUserId("u".repeat(128), "userId"));
    expectError("INVALID_USER_ID", "userId", "userId is 129 characters; the limit for a user id is 128",
        () -> Limits.requireUserId("u".repeat(129), "userId"));
    expectError("INVALID_USER_ID", "userId", "userId must be a non-empty string", () -> Limits.requireUserId("", "userId"));
  }

  @Test
  void accessesLimits() {
    Map<String, List<String>> hundred = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      hundred.put("user-" + i, List.of("*:read"));
    }
    assertDoesNotThrow(() -> RoomAccesses.parseUsersAccesses(hundred, "usersAccesses"));
    Map<String, List<String>> tooMany = new LinkedHashMap<>(hundred);
    tooMany.put("one-more", List.of("*:read"));
    expectError("INVALID_ACCESSES", "usersAccesses", "usersAccesses has 101 entries; the limit is 100",
        () -> RoomAccesses.parseUsersAccesses(tooMany, "usersAccesses"));
    expectError("INVALID_ACCESSES", "groupsAccesses key", "groupsAccesses key is 41 characters; the limit for a key is 40",
        () -> RoomAccesses.parseGroupsAccesses(Map.of("g".repeat(41), List.of("*:read")), "groupsAccesses"));
    assertDoesNotThrow(() -> RoomAccesses.parseGroupsAccesses(Map.of("g".repeat(40), List.of("*:read")), "groupsAccesses"));
    assertDoesNotThrow(() -> RoomAccesses.parseUsersAccesses(Map.of("u".repeat(128), List.of("*:read")), "usersAccesses"),
        "a usersAccesses key is a user id");
    expectError("INVALID_ACCESSES", "usersAccesses key", "usersAccesses key is 129 characters; the limit for a key is 128",
        () -> RoomAccesses.parseUsersAccesses(Map.of("u".repeat(129), List.of("*:read")), "usersAccesses"));
    assertDoesNotThrow(() -> Limits.requireAccessEntriesWithCreator(100, "usersAccesses"));
    expectError("INVALID_ACCESSES", "usersAccesses", "101 entries with your own entry",
        () -> Limits.requireAccessEntriesWithCreator(101, "usersAccesses"));
    expectError("INVALID_ACCESSES", "usersAccesses key", "usersAccesses key must be a non-empty string",
        () -> RoomAccesses.parseUsersAccesses(Map.of("", List.of("*:read")), "usersAccesses"));
  }

  @Test
  void metadataLimits() {
    Map<String, Object> fifty = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      fifty.put("k" + i, "v");
    }
    assertDoesNotThrow(() -> Limits.requireMetadata(fifty, "metadata"));
    Map<String, Object> tooMany = new LinkedHashMap<>(fifty);
    tooMany.put("k50", "v");
    expectError("INVALID_METADATA", "metadata", "metadata has 51 entries; the limit is 50",
        () -> Limits.requireMetadata(tooMany, "metadata"));
    expectError("INVALID_METADATA", "metadata key", "metadata key is 41 characters; the limit for a key is 40",
        () -> Limits.requireMetadata(Map.of("k".repeat(41), "v"), "metadata"));
    expectError("INVALID_METADATA", "metadata.color", "metadata.color is 257 characters; the limit is 256",
        () -> Limits.requireMetadata(Map.of("color", "v".repeat(257)), "metadata"));
    assertDoesNotThrow(() -> Limits.requireMetadata(Map.of("color", "v".repeat(256)), "metadata"));
    expectError("INVALID_METADATA", "metadata.tags", "metadata.tags is 257 characters; the limit is 256",
        () -> Limits.requireMetadata(Map.of("tags", List.of("ok", "v".repeat(257))), "metadata"));
    expectError("INVALID_METADATA", "metadata.tags", "metadata.tags has 51 items; the limit is 50",
        () -> Limits.requireMetadata(Map.of("tags", Collections.nCopies(51, "t")), "metadata"));
    expectError("INVALID_METADATA", "metadata.count", "metadata.count must be a string or an array of strings",
        () -> Limits.requireMetadata(Map.of("count", 3), "metadata"));
    List<Object> mixed = new ArrayList<>(List.of("a", 1));
    expectError("INVALID_METADATA", "metadata.tags", "metadata.tags must be a string or an array of strings",
        () -> Limits.requireMetadata(Map.of("tags", mixed), "metadata"));
  }

  @Test
  void groupIdLimits() {
    List<String> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add("g" + i);
    }
    assertDoesNotThrow(() -> Limits.requireGroupIds(hundred, "groupIds"));
    List<String> tooMany = new ArrayList<>(hundred);
    tooMany.add("g100");
    expectError("INVALID_GROUP_IDS", "groupIds", "groupIds has 101 ids; the limit is 100",
        () -> Limits.requireGroupIds(tooMany, "groupIds"));
    expectError("INVALID_GROUP_IDS", "groupIds", "groupIds is 41 characters; the limit for a group id is 40",
        () -> Limits.requireGroupIds(List.of("g".repeat(41)), "groupIds"));
  }

  @Test
  void userInfoLimit() {
    assertDoesNotThrow(() -> Limits.requireUserInfoLength(1024, "userInfo"));
    expectError("INVALID_USER_INFO", "userInfo", "userInfo is 1025 characters as JSON; the limit is 1024",
        () -> Limits.requireUserInfoLength(1025, "userInfo"));
  }

  @Test
  void teamAndTenantLimits() {
    assertDoesNotThrow(() -> Limits.requireTeamName("t".repeat(100), "teams[0]"));
    expectError("INVALID_TENANT", "teams[0]", "teams[0] is 101 bytes of UTF-8; the limit is 100",
        () -> Limits.requireTeamName("t".repeat(101), "teams[0]"));
    // 34 three-byte characters: 34 characters but 102 bytes.
    expectError("INVALID_TENANT", "organizationId", "organizationId is 102 bytes of UTF-8; the limit is 100",
        () -> TenantId.parse("€".repeat(34), "organizationId"));
    expectError("INVALID_TENANT", "organizationId", "organizationId must be a non-empty string",
        () -> TenantId.parse("", "organizationId"));
    expectError("INVALID_TENANT", "organizationId", "organizationId contains a control character",
        () -> TenantId.parse("a\tb", "organizationId"));
    expectError("INVALID_TEAMS", "teams", "teams has 251 teams; the limit is 250",
        () -> Limits.requireTeamCount(251, "teams"));
    assertDoesNotThrow(() -> Limits.requireTeamCount(250, "teams"));
    expectError("INVALID_TEAMS", "teams[1]", "teams[1] may not be \"default\"",
        () -> TenantId.team("default", "teams[1]"));
  }

  @Test
  void tenantIdDefaults() {
    assertEquals(TenantId.DEFAULT, TenantId.parse(null, "organizationId"));
    assertEquals(TenantId.DEFAULT, TenantId.parse("default", "organizationId"));
    assertEquals(new TenantId("acme"), TenantId.parse("acme", "organizationId"));
  }

  @Test
  void batchLimits() {
    expectError("INVALID_BATCH", "users", "users has 101 users; send 1 to 100", () -> Limits.requireBatchSize(101, "users"));
    expectError("INVALID_BATCH", "users", "users has 0 users; send 1 to 100", () -> Limits.requireBatchSize(0, "users"));
  }

  @Test
  void roleParsing() {
    assertEquals(Role.USER, Role.parse(null, "role"));
    assertEquals(Role.GLOBAL_MODERATOR, Role.parse("global_moderator", "role"));
    expectError("INVALID_ROLE", "users[0].role", "Unknown role \"superuser\" in users[0].role",
        () -> Role.parse("superuser", "users[0].role"));
  }

  @Test
  void permissionListErrors() {
    expectError("INVALID_PERMISSION", "defaultAccesses", "defaultAccesses must be a list of permissions",
        () -> PermissionList.parse(null, "defaultAccesses"));
    List<String> withNull = new ArrayList<>();
    withNull.add("*:read");
    withNull.add(null);
    expectError("INVALID_PERMISSION", "defaultAccesses", "defaultAccesses contains null",
        () -> PermissionList.parse(withNull, "defaultAccesses"));
    expectError("INVALID_PERMISSION", "permissions", "permissions must be an object of room pattern to permission list",
        () -> AccessTokenPermissions.parse(null, "permissions"));
    expectError("INVALID_PATTERN", "permissions", "Invalid room pattern \"" + "r".repeat(129) + "\"",
        () -> AccessTokenPermissions.parse(Map.of("r".repeat(129), List.of("*:read")), "permissions"));
  }

  @Test
  void tokenPatternLimitBoundary() {
    Map<String, List<String>> ten = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      ten.put("room-" + i, List.of("*:read"));
    }
    assertEquals(10, AccessTokenPermissions.parse(ten, "permissions").byPattern().size());
    assertDoesNotThrow(() -> RoomPattern.parse("r".repeat(128) + "*", "permissions"));
  }

  @Test
  void metadataIsBoundedInBytesAsStored() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (int k = 0; k < 50; k++) {
      metadata.put("key" + k, Collections.nCopies(50, "x".repeat(256)));
    }
    expectError("INVALID_METADATA", "metadata", "holds 640240 bytes of keys and values (UTF-8); the limit is 262144",
        () -> Limits.requireMetadata(metadata, "metadata"));
    // Characters count as stored: 256 euro signs are 768 bytes of UTF-8, inside every per-entry limit.
    Map<String, Object> euros = new LinkedHashMap<>();
    for (int k = 0; k < 50; k++) {
      euros.put("k" + k, Collections.nCopies(7, "\u20AC".repeat(256)));
    }
    expectError("INVALID_METADATA", "metadata", "the limit is 262144", () -> Limits.requireMetadata(euros, "metadata"));
    assertDoesNotThrow(() -> Limits.requireMetadata(Map.of("a", "b"), "metadata"));
  }
}
