package dev.gatehouse.store.changes;

import dev.gatehouse.permissions.PermissionList;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.RateLimits;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.Settings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The change a write records, from what it found and what it stores: one rule for every store,
 * so each backend records the same changes. Pure: the caller gives the time and the actor.
 */
public final class Changes {
  private Changes() {}

  /**
   * A room's change: created, its accesses changed (with both sides and the new version), its
   * metadata alone changed (audit only), or deleted; nothing when the write changed nothing.
   */
  public static Optional<Change> ofRoom(Optional<Room> before, Optional<Room> after, Instant at, Actor actor) {
    Room room = after.or(() -> before).orElseThrow(() -> new IllegalArgumentException("a room change needs a room"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("roomId", room.id());
    data.put("organizationId", room.tenant().value());
    ChangeType type;
    if (before.isEmpty()) {
      type = ChangeType.ROOM_CREATED;
      data.put("createdAt", Positions.timestamp(room.createdAt()));
      data.put("accesses", accesses(room.accesses()));
      data.put("version", room.version());
    } else if (after.isEmpty()) {
      type = ChangeType.ROOM_DELETED;
      data.put("deletedAt", Positions.timestamp(at));
      data.put("accesses", accesses(room.accesses()));
    } else if (!before.get().accesses().equals(room.accesses())) {
      type = ChangeType.ROOM_ACCESSES_CHANGED;
      data.put("before", accesses(before.get().accesses()));
      data.put("after", accesses(room.accesses()));
      data.put("version", room.version());
    } else if (!before.get().metadata().equals(room.metadata())) {
      type = ChangeType.ROOM_METADATA_UPDATED;
      data.put("version", room.version());
    } else {
      return Optional.empty();
    }
    return Optional.of(change(type, at, Optional.of(room.tenant()), room.id(), data, actor));
  }

  /**
   * A rename: {@code roomIdUpdated} with the new id, the old one ({@code previousRoomId}) and the
   * version; the old id grants nothing from then on, so it is delivered.
   */
  public static Change ofRename(Room before, Room after, Instant at, Actor actor) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("roomId", after.id());
    data.put("previousRoomId", before.id());
    data.put("organizationId", after.tenant().value());
    data.put("version", after.version());
    return change(ChangeType.ROOM_ID_UPDATED, at, Optional.of(after.tenant()), after.id(), data, actor);
  }

  /**
   * A user's write or deletion: {@code userTeamsChanged} when its teams or roles changed (a new
   * user: from none), {@code userDeleted}, or {@code userUpdated} (audit only) when only its name
   * or metadata did; nothing when the write changed nothing.
   */
  public static Optional<Change> ofUser(Optional<dev.gatehouse.store.User> before, Optional<dev.gatehouse.store.User> after,
      Instant at, Actor actor) {
    dev.gatehouse.store.User user = after.or(() -> before).orElseThrow(() -> new IllegalArgumentException("a user change needs a user"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("userId", user.id());
    ChangeType type;
    if (after.isEmpty()) {
      type = ChangeType.USER_DELETED;
      data.put("before", membership(before));
    } else if (!before.map(dev.gatehouse.store.User::membership).equals(after.map(dev.gatehouse.store.User::membership))) {
      type = ChangeType.USER_TEAMS_CHANGED;
      data.put("before", membership(before));
      data.put("after", membership(after));
      data.put("version", user.version());
    } else if (!before.get().name().equals(user.name()) || !before.get().metadata().equals(user.metadata())) {
      type = ChangeType.USER_UPDATED;
      data.put("version", user.version());
    } else {
      return Optional.empty();
    }
    return Optional.of(change(type, at, Optional.empty(), user.id(), data, actor));
  }

  /** A user's teams and roles as the REST API shows them; none (no teams, no role) for no user. */
  private static Map<String, Object> membership(Optional<dev.gatehouse.store.User> user) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("teams", user.map(u -> u.teams().stream().map(TenantId::value).toList()).orElse(java.util.List.of()));
    json.put("role", user.map(u -> u.role().wireName()).orElse(null));
    Map<String, Object> roles = new LinkedHashMap<>();
    user.ifPresent(u -> u.teamsRole().forEach((team, role) -> roles.put(team.value(), role.wireName())));
    json.put("teamsRole", roles);
    return json;
  }

  /**
   * A group's change: created (with its members), its members changed (who was added and who
   * removed, and the new version), or deleted (with the members it had); nothing when no member
   * changed. Each can alter a decision: stored members are resolved at check time.
   */
  public static Optional<Change> ofGroup(Optional<dev.gatehouse.store.groups.Group> before,
      Optional<dev.gatehouse.store.groups.Group> after, Instant at, Actor actor) {
    dev.gatehouse.store.groups.Group group =
        after.or(() -> before).orElseThrow(() -> new IllegalArgumentException("a group change needs a group"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("groupId", group.id());
    data.put("organizationId", group.tenant().value());
    ChangeType type;
    if (before.isEmpty()) {
      type = ChangeType.GROUP_CREATED;
      data.put("createdAt", Positions.timestamp(group.createdAt()));
      data.put("memberIds", java.util.List.copyOf(group.members().keySet()));
      data.put("version", group.version());
    } else if (after.isEmpty()) {
      type = ChangeType.GROUP_DELETED;
      data.put("deletedAt", Positions.timestamp(at));
      data.put("memberIds", java.util.List.copyOf(group.members().keySet()));
    } else {
      java.util.List<String> added = new java.util.ArrayList<>();
      java.util.List<String> removed = new java.util.ArrayList<>();
      after.get().members().keySet().forEach(id -> {
        if (!before.get().members().containsKey(id)) {
          added.add(id);
        }
      });
      before.get().members().keySet().forEach(id -> {
        if (!after.get().members().containsKey(id)) {
          removed.add(id);
        }
      });
      if (added.isEmpty() && removed.isEmpty()) {
        return Optional.empty();
      }
      type = ChangeType.GROUP_MEMBERS_CHANGED;
      data.put("added", added);
      data.put("removed", removed);
      data.put("version", group.version());
    }
    return Optional.of(change(type, at, Optional.of(group.tenant()), group.id(), data, actor));
  }

  /** A tenant offboarded: its rooms and memberships are gone. */
  public static Change ofTenantDeleted(TenantId tenant, Instant at, Actor actor) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("organizationId", tenant.value());
    data.put("deletedAt", Positions.timestamp(at));
    return change(ChangeType.ORGANIZATION_DELETED, at, Optional.of(tenant), tenant.value(), data, actor);
  }

  /** A user's revocation, deactivation or reactivation, with the user's cutoff after it. */
  public static Change ofUserStatus(ChangeType type, String userId, Optional<Instant> cutoff, Instant at, Actor actor) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("userId", userId);
    data.put("revokeTokensIssuedBefore", cutoff.map(Positions::timestamp).orElse(null));
    return change(type, at, Optional.empty(), userId, data, actor);
  }

  /** An organization's revocation cutoff set or lifted. */
  public static Change ofTenantCutoff(TenantId tenant, Optional<Instant> cutoff, Instant at, Actor actor) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("organizationId", tenant.value());
    data.put("revokeTokensIssuedBefore", cutoff.map(Positions::timestamp).orElse(null));
    return change(ChangeType.ORGANIZATION_TOKENS_REVOKED, at, Optional.of(tenant), tenant.value(), data, actor);
  }

  /** A webhook registered or removed: its id, URL and events (never its secret). Audit only. */
  public static Change ofWebhook(ChangeType type, dev.gatehouse.store.webhooks.Webhook webhook, Instant at, Actor actor) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("webhookId", webhook.id());
    data.put("url", webhook.url());
    data.put("events", webhook.events());
    return change(type, at, Optional.empty(), webhook.id(), data, actor);
  }

  /** The settings changed: both sides; nothing when they are the same but for their stamp. */
  public static Optional<Change> ofSettings(Settings before, Settings after, Instant at, Actor actor) {
    if (same(before, after)) {
      return Optional.empty();
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("before", settings(before));
    data.put("after", settings(after));
    return Optional.of(change(ChangeType.SETTINGS_UPDATED, at, Optional.empty(), "settings", data, actor));
  }

  private static boolean same(Settings a, Settings b) {
    return a.multiTenantEnabled() == b.multiTenantEnabled() && a.rateLimits().equals(b.rateLimits())
        && a.revokeTokensIssuedBefore().equals(b.revokeTokensIssuedBefore());
  }

  private static Map<String, Object> settings(Settings settings) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("multiTenantEnabled", settings.multiTenantEnabled());
    RateLimits limits = settings.rateLimits();
    Map<String, Object> quotas = new LinkedHashMap<>();
    quotas.put("clientRoomCreatesPerMinute", limits.clientRoomCreatesPerMinute().map(Integer::longValue).orElse(null));
    quotas.put("clientQueriesPerMinute", limits.clientQueriesPerMinute().map(Integer::longValue).orElse(null));
    json.put("rateLimits", quotas);
    json.put("revokeTokensIssuedBefore", settings.revokeTokensIssuedBefore().map(Positions::timestamp).orElse(null));
    return json;
  }

  /** The permission fields as the REST API shows them. */
  public static Map<String, Object> accesses(RoomAccesses accesses) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("defaultAccesses", accesses.defaultAccesses().values());
    json.put("groupsAccesses", lists(accesses.groupsAccesses()));
    json.put("usersAccesses", lists(accesses.usersAccesses()));
    return json;
  }

  private static Map<String, Object> lists(Map<String, PermissionList> entries) {
    Map<String, Object> json = new LinkedHashMap<>();
    entries.forEach((key, list) -> json.put(key, list.values()));
    return json;
  }

  private static Change change(ChangeType type, Instant at, Optional<TenantId> tenant, String subject, Map<String, Object> data,
      Actor actor) {
    return new Change(UUID.randomUUID().toString(), type, at, tenant, subject, data, actor, 0);
  }
}
