package dev.gatehouse.store;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A room as stored.
 *
 * @param id unique across all tenants
 * @param tenant fixed at creation
 * @param createdAt creation time, millisecond precision
 * @param metadata string or list-of-string values (checked by {@code Limits.requireMetadata})
 * @param accesses the room's permissions
 * @param createdBy the user who created it client-side, if any
 * @param version 0 for a room not yet stored; incremented by every write (optimistic concurrency)
 * @param lastEventAt when the last provisioning event applied to it happened; events that
 *     happened earlier are stale and change nothing
 */
public record Room(
    String id,
    TenantId tenant,
    Instant createdAt,
    Map<String, Object> metadata,
    RoomAccesses accesses,
    Optional<String> createdBy,
    long version,
    Optional<Instant> lastEventAt) {

  public Room {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    // Stored with millisecond precision: hold it that way, so a written room equals a read one.
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    metadata = freeze(metadata);
    Objects.requireNonNull(accesses, "accesses");
    Objects.requireNonNull(createdBy, "createdBy");
    lastEventAt = lastEventAt.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A room no provisioning event has touched. */
  public Room(String id, TenantId tenant, Instant createdAt, Map<String, Object> metadata, RoomAccesses accesses,
      Optional<String> createdBy, long version) {
    this(id, tenant, createdAt, metadata, accesses, createdBy, version, Optional.empty());
  }

  /** A new, unstored room. */
  public static Room create(
      String id, TenantId tenant, Instant createdAt, Map<String, Object> metadata, RoomAccesses accesses,
      Optional<String> createdBy) {
    return new Room(id, tenant, createdAt, metadata, accesses, createdBy, 0);
  }

  /** What the permission core needs to decide about this room. */
  public RoomFacts facts() {
    return new RoomFacts(id, tenant, accesses, createdBy);
  }

  public Room withMetadata(Map<String, Object> newMetadata) {
    return new Room(id, tenant, createdAt, newMetadata, accesses, createdBy, version, lastEventAt);
  }

  public Room withAccesses(RoomAccesses newAccesses) {
    return new Room(id, tenant, createdAt, metadata, newAccesses, createdBy, version, lastEventAt);
  }

  public Room withVersion(long newVersion) {
    return new Room(id, tenant, createdAt, metadata, accesses, createdBy, newVersion, lastEventAt);
  }

  /**
   * What an update of this room stores: {@code changed} as the next version. Every store applies
   * this one rule.
   *
   * @throws IllegalArgumentException when the change altered the room's id, tenant or creation time
   */
  public Room nextVersion(Room changed) {
    if (!changed.id.equals(id) || !changed.tenant.equals(tenant) || !changed.createdAt.equals(createdAt)) {
      throw new IllegalArgumentException("an update cannot change a room's id, tenant or creation time");
    }
    return changed.withVersion(version + 1);
  }

  /**
   * What a rename stores: the same room (tenant, accesses, metadata, creation time, creator) under
   * {@code newId}, as the next version. Every store applies this one rule.
   */
  public Room renamed(String newId) {
    return new Room(newId, tenant, createdAt, metadata, accesses, createdBy, version + 1, lastEventAt);
  }

  /** The same room, marked as changed by an event that happened at {@code at}. */
  public Room withLastEventAt(Instant at) {
    return new Room(id, tenant, createdAt, metadata, accesses, createdBy, version, Optional.of(at));
  }

  /** True when the user has an entry in usersAccesses, or one of the groups in groupsAccesses. */
  public boolean hasEntryFor(Optional<String> userId, Iterable<String> groupIds) {
    if (userId.isPresent() && accesses.usersAccesses().containsKey(userId.get())) {
      return true;
    }
    for (String group : groupIds) {
      if (accesses.groupsAccesses().containsKey(group)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> freeze(Map<String, Object> metadata) {
    Map<String, Object> copy = new LinkedHashMap<>();
    metadata.forEach((key, value) -> copy.put(key, value instanceof List<?> list ? List.copyOf(list) : value));
    return Collections.unmodifiableMap(copy);
  }
}
