package dev.gatehouse.service.provisioning;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.rooms.NewRoom;
import dev.gatehouse.service.rooms.RoomPatch;
import dev.gatehouse.service.users.UserInput;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of the provisioning vocabulary (docs/events.md).
 *
 * @param id makes the event idempotent: an id already processed changes nothing
 * @param type {@code user.upserted}, {@code user.deleted}, {@code room.created}, {@code
 *     room.updated}, {@code room.deleted}, {@code tenant.deleted}
 * @param occurredAt when it happened at the source: an event older than the last one applied to
 *     the same user or room is stale and changes nothing
 * @param change what it asks for
 */
public record ProvisioningEvent(String id, String type, Instant occurredAt, Change change) {
  public ProvisioningEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(change, "change");
  }

  /** The change an event asks for. */
  public sealed interface Change {}

  public record UserUpserted(UserInput user) implements Change {}

  public record UserDeleted(String userId) implements Change {}

  public record RoomCreated(NewRoom room) implements Change {}

  public record RoomUpdated(String roomId, RoomPatch patch) implements Change {}

  public record RoomDeleted(String roomId) implements Change {}

  public record TenantDeleted(TenantId tenant) implements Change {}
}
