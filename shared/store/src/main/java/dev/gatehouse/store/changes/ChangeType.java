package dev.gatehouse.store.changes;

/**
 * What a recorded change is. Each delivered type is an event of the change feed and of webhooks,
 * named as the webhook's {@code type} (Liveblocks' own names where Liveblocks has the event); an
 * audit-only type is a write that cannot alter a decision, kept in the audit trail only.
 */
public enum ChangeType {
  ROOM_CREATED("roomCreated", true),
  ROOM_ACCESSES_CHANGED("roomAccessesChanged", true),
  ROOM_METADATA_UPDATED("roomMetadataUpdated", false),
  ROOM_DELETED("roomDeleted", true),
  ROOM_ID_UPDATED("roomIdUpdated", true),
  USER_TEAMS_CHANGED("userTeamsChanged", true),
  USER_UPDATED("userUpdated", false),
  USER_DELETED("userDeleted", true),
  ORGANIZATION_DELETED("organizationDeleted", true),
  USER_TOKENS_REVOKED("userTokensRevoked", true),
  USER_DEACTIVATED("userDeactivated", true),
  USER_REACTIVATED("userReactivated", true),
  ORGANIZATION_TOKENS_REVOKED("organizationTokensRevoked", true),
  SETTINGS_UPDATED("settingsUpdated", true),
  GROUP_CREATED("groupCreated", true),
  GROUP_MEMBERS_CHANGED("groupMembersChanged", true),
  GROUP_DELETED("groupDeleted", true),
  WEBHOOK_CREATED("webhookCreated", false),
  WEBHOOK_DELETED("webhookDeleted", false);

  private final String wireName;
  private final boolean delivered;

  ChangeType(String wireName, boolean delivered) {
    this.wireName = wireName;
    this.delivered = delivered;
  }

  /** The event's {@code type} on the wire. */
  public String wireName() {
    return wireName;
  }

  /** Whether it can alter a decision, and so is delivered (feed, webhooks, EventBridge), not only audited. */
  public boolean delivered() {
    return delivered;
  }

  /** The type of this name; empty for one this version does not know (recorded by a newer one). */
  public static java.util.Optional<ChangeType> fromWire(String name) {
    for (ChangeType type : values()) {
      if (type.wireName.equals(name)) {
        return java.util.Optional.of(type);
      }
    }
    return java.util.Optional.empty();
  }
}
