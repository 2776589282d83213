package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Positions;
import java.time.Instant;

/**
 * Every key of the single table, in one place. docs/data-model.md lists the access pattern each
 * key serves.
 *
 * <pre>
 * item            PK                         SK                          GSI1PK / GSI1SK                       GSI2PK / GSI2SK             GSI3PK / GSI3SK
 * room            TENANT#&lt;tenant&gt;           ROOM#&lt;roomId&gt;               TENANT#&lt;tenant&gt; / ROOM#&lt;created&gt;#&lt;id&gt;   ROOMS#&lt;n&gt; / &lt;created&gt;#&lt;id&gt;   ROOMS / &lt;roomId&gt;
 * room id         ROOMID#&lt;roomId&gt;           ROOMID
 * access (user)   ACCESS#USER#&lt;userId&gt;      ROOM#&lt;created&gt;#&lt;roomId&gt;
 * access (group)  ACCESS#GROUP#&lt;groupId&gt;    ROOM#&lt;created&gt;#&lt;roomId&gt;
 * user            USER#&lt;userId&gt;             USER                                                              USERS#&lt;n&gt; / &lt;created&gt;#&lt;id&gt;   USERS / &lt;userId&gt;
 * membership      TENANT#&lt;team&gt;             MEMBER#&lt;userId&gt;            TENANT#&lt;team&gt; / USER#&lt;created&gt;#&lt;id&gt;
 * settings        APP                        SETTINGS
 * user status     USER#&lt;userId&gt;             STATUS
 * tenant status   TENANT#&lt;tenant&gt;           STATUS
 * event           EVENT#&lt;eventId&gt;           EVENT                       (TTL: expiresAt)
 * tombstone       TOMBSTONE#&lt;KIND&gt;#&lt;id&gt;     TOMBSTONE                   (TTL: expiresAt)
 * rate counter    RATE#&lt;tenant&gt;             &lt;bucket&gt;#&lt;minute&gt;          (TTL: expiresAt)
 * outbox          OUTBOX                     &lt;at&gt;#&lt;changeId&gt;
 * change          CHANGES, CHANGES#&lt;tenant&gt; or CHANGESP   &lt;seq, 19 digits&gt;  (TTL: expiresAt)
 * change head     CHANGESEQ                  HEAD                        (seq: the last placed)
 * group           GROUP#&lt;groupId&gt;           GROUP                                                                                         GROUPS / &lt;groupId&gt;
 * group member    TENANT#&lt;tenant&gt;           GMEMBER#&lt;n&gt;:&lt;userId&gt;#&lt;groupId&gt;                                    USERGROUPS#&lt;userId&gt; / &lt;groupId&gt;
 * </pre>
 *
 * {@code <n>} is a listing shard ({@link #listingShard}); items written before shards keep {@code ROOMS} or
 * {@code USERS} there, read as one more partition, until their next write moves them.
 *
 * A user without teams is a member of {@code TENANT#default}, so "users without a team" is a
 * partition like any team's.
 *
 * Tenant isolation comes from the key: a room is addressed by its tenant's partition, so a
 * request scoped to one tenant cannot name another tenant's room. {@code <created>} is the
 * room's creation time as fixed-width ISO-8601 (millisecond precision), so keys sort by time.
 */
public final class Keys {
  public static final String PK = "PK";
  public static final String SK = "SK";
  public static final String GSI1 = "GSI1";
  public static final String GSI1_PK = "GSI1PK";
  public static final String GSI1_SK = "GSI1SK";
  public static final String GSI2 = "GSI2";
  public static final String GSI2_PK = "GSI2PK";
  public static final String GSI2_SK = "GSI2SK";
  public static final String GSI3 = "GSI3";
  public static final String GSI3_PK = "GSI3PK";
  public static final String GSI3_SK = "GSI3SK";

  static final String ROOM_PREFIX = "ROOM#";
  static final String ROOM_ID_SK = "ROOMID";
  static final String ALL_ROOMS = "ROOMS";
  static final String USER_SK = "USER";
  static final String USER_PREFIX = "USER#";
  static final String MEMBER_PREFIX = "MEMBER#";
  static final String ALL_USERS = "USERS";
  static final String EVENT_SK = "EVENT";

  /**
   * Shards of the creation-ordered listings of all rooms and all users (GSI2): their sort keys grow
   * with time, so every new item lands at the end of the range, which DynamoDB cannot split; eight
   * shards take 8,000 creations a second where one took 1,000 (docs/scale.md, workload e).
   */
  static final int LISTING_SHARDS = 8;

  /**
   * An item's creation-ordered listing shard, {@code ROOMS#<n>} or {@code USERS#<n>}: by the
   * millisecond of its creation, which the service sets, so no caller can choose a shard.
   */
  static String listingShard(String listing, Instant createdAt) {
    return listing + "#" + Math.floorMod(createdAt.toEpochMilli(), LISTING_SHARDS);
  }

  /** Every partition of a creation-ordered listing: its shards, and the unsharded key that items written before them keep. */
  static java.util.List<String> listingPartitions(String listing) {
    java.util.List<String> partitions = new java.util.ArrayList<>();
    for (int shard = 0; shard < LISTING_SHARDS; shard++) {
      partitions.add(listing + "#" + shard);
    }
    partitions.add(listing);
    return partitions;
  }
  static final String TOMBSTONE_SK = "TOMBSTONE";
  /** The table's TTL attribute (epoch seconds). */
  public static final String TTL = "expiresAt";
  static final String APP = "APP";
  /** The sort key of a user's or a tenant's status item (revocation cutoff, deactivation). */
  static final String STATUS = "STATUS";
  static final String SETTINGS = "SETTINGS";

  private Keys() {}

  /** The partition of everything a tenant owns. */
  public static String tenant(TenantId tenant) {
    return "TENANT#" + tenant.value();
  }

  /** A room's sort key in its tenant's partition. */
  public static String room(String roomId) {
    return ROOM_PREFIX + roomId;
  }

  /** The partition of the item that reserves a room id across every tenant. */
  public static String roomId(String roomId) {
    return "ROOMID#" + roomId;
  }

  /** The partition of a user's entries in rooms' usersAccesses. */
  public static String userAccess(String userId) {
    return "ACCESS#USER#" + userId;
  }

  /** The partition of a group's entries in rooms' groupsAccesses. */
  public static String groupAccess(String groupId) {
    return "ACCESS#GROUP#" + groupId;
  }

  /** A user's partition. */
  public static String user(String userId) {
    return USER_PREFIX + userId;
  }

  /** A user's membership in a team, within the team's partition. */
  public static String member(String userId) {
    return MEMBER_PREFIX + userId;
  }

  /** A processed provisioning event. */
  public static String event(String eventId) {
    return "EVENT#" + eventId;
  }

  /**
   * The partition of a tenant's quota counters: apart from {@code TENANT#}, so that the client
   * functions' permission to count (an UpdateItem) reaches no room or membership.
   */
  public static String rateCounter(dev.gatehouse.permissions.TenantId tenant) {
    return "RATE#" + tenant.value();
  }

  /** A group's partition: its id is unique in the project, whatever its tenant. */
  static String group(String groupId) {
    return "GROUP#" + groupId;
  }

  static final String GROUP_SK = "GROUP";
  /** The GSI3 partition that lists every group by id. */
  static final String ALL_GROUPS = "GROUPS";

  /**
   * The start of a user's group-member sort keys in a tenant's partition: the check's Query reads
   * every group of the tenant that lists the user. The id's length comes first, so no other
   * user's keys share the prefix (an id may itself contain {@code #}).
   */
  static String groupMemberPrefix(String userId) {
    return "GMEMBER#" + userId.length() + ":" + userId + "#";
  }

  /** A user's membership in a group, within the group's tenant's partition. */
  static String groupMember(String userId, String groupId) {
    return groupMemberPrefix(userId) + groupId;
  }

  /** The GSI2 partition of a user's group memberships in every tenant, by group id. */
  static String userGroups(String userId) {
    return "USERGROUPS#" + userId;
  }

  /** The partition of changes recorded with their writes and not yet placed in the log. */
  static final String OUTBOX = "OUTBOX";
  /** The webhooks' partition. */
  static final String WEBHOOKS = "WEBHOOKS";

  static String webhook(String id) {
    return "WEBHOOK#" + id;
  }

  /** The change log, every tenant's and project-wide changes alike. */
  static final String CHANGES = "CHANGES";
  /** The project-wide changes (settings, users), which every tenant's feed merges in. */
  static final String PROJECT_CHANGES = "CHANGESP";
  /** The item that holds the last sequence placed; it never expires, so a sequence is never reused. */
  static final String CHANGES_HEAD = "CHANGESEQ";

  /** A tenant's share of the change log (its audit trail and feed), keyed like the whole log. */
  static String changesOf(TenantId tenant) {
    return CHANGES + "#" + tenant.value();
  }

  /** A change's place in the log, fixed-width so that keys sort as numbers. */
  static String sequence(long seq) {
    return String.format("%019d", seq);
  }

  /** The tombstone of a deleted room or user. */
  public static String tombstone(String kind, String id) {
    return "TOMBSTONE#" + kind + "#" + id;
  }

  /** Sorts rooms by creation time, then id: {@code <created>#<roomId>}. */
  public static String createdOrder(Instant createdAt, String roomId) {
    return Positions.created(createdAt, roomId);
  }

  /** Creation-ordered room key within an index partition: {@code ROOM#<created>#<roomId>}. */
  public static String roomByCreation(Instant createdAt, String roomId) {
    return ROOM_PREFIX + createdOrder(createdAt, roomId);
  }

  /** The fixed-width UTC timestamp stored and sorted on (millisecond precision). */
  public static String timestamp(Instant instant) {
    return Positions.timestamp(instant);
  }
}
