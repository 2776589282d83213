package dev.gatehouse.store;

import dev.gatehouse.permissions.PermissionList;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test data builder: {@code aRoom("r1").inTenant("acme").withUser("alice", "*:write").build()}. */
public final class Rooms {
  private final String id;
  private TenantId tenant = TenantId.DEFAULT;
  private Instant createdAt = Instant.parse("2026-01-01T00:00:00.000Z");
  private final Map<String, Object> metadata = new LinkedHashMap<>();
  private List<String> defaults = List.of();
  private final Map<String, List<String>> groups = new LinkedHashMap<>();
  private final Map<String, List<String>> users = new LinkedHashMap<>();
  private String createdBy;

  private Rooms(String id) {
    this.id = id;
  }

  public static Rooms aRoom(String id) {
    return new Rooms(id);
  }

  public Rooms inTenant(String tenantId) {
    this.tenant = new TenantId(tenantId);
    return this;
  }

  public Rooms createdAt(Instant instant) {
    this.createdAt = instant;
    return this;
  }

  public Rooms withDefault(String... permissions) {
    this.defaults = List.of(permissions);
    return this;
  }

  public Rooms withUser(String userId, String... permissions) {
    users.put(userId, List.of(permissions));
    return this;
  }

  public Rooms withGroup(String groupId, String... permissions) {
    groups.put(groupId, List.of(permissions));
    return this;
  }

  public Rooms withMetadata(String key, Object value) {
    metadata.put(key, value);
    return this;
  }

  public Rooms createdBy(String userId) {
    this.createdBy = userId;
    return this;
  }

  public Room build() {
    return Room.create(id, tenant, createdAt, metadata, RoomAccesses.parse(defaults, groups, users),
        Optional.ofNullable(createdBy));
  }

  /** Sets one user's entry on an existing room (null removes it). */
  public static Room withUserEntry(Room room, String userId, List<String> permissions) {
    Map<String, PermissionList> users = new LinkedHashMap<>(room.accesses().usersAccesses());
    if (permissions == null) {
      users.remove(userId);
    } else {
      users.put(userId, PermissionList.parseNonEmpty(permissions, "usersAccesses." + userId));
    }
    return room.withAccesses(new RoomAccesses(room.accesses().defaultAccesses(), room.accesses().groupsAccesses(), users));
  }
}
