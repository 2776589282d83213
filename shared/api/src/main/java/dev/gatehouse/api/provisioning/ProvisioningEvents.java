package dev.gatehouse.api.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.api.users.UserRequests;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.provisioning.ProvisioningEvent;
import dev.gatehouse.service.provisioning.ProvisioningEvent.Change;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes provisioning events (docs/events.md): the envelope {@code {"id", "type",
 * "occurredAt", "data"}} as an SQS message body, or as an EventBridge event's {@code detail}
 * (where {@code type} defaults to the {@code detail-type}, {@code id} to the event's id and
 * {@code occurredAt} to its {@code time}). {@code data} is decoded with the same rules as the
 * REST routes, so an event can do nothing a request could not.
 */
public final class ProvisioningEvents {
  public static final Set<String> TYPES =
      Set.of("user.upserted", "user.deleted", "room.created", "room.updated", "room.deleted", "tenant.deleted");

  private ProvisioningEvents() {}

  /** An SQS message body. */
  public static ProvisioningEvent fromSqsBody(String body) {
    ObjectNode envelope = Json.parseObject(body);
    return decode(envelope, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** An EventBridge event, as Lambda hands it over. */
  public static ProvisioningEvent fromEventBridge(Map<String, Object> event) {
    JsonNode detail = Json.MAPPER_FOR_VALUES.valueToTree(event.get("detail"));
    if (detail == null || !detail.isObject()) {
      throw Json.badShape("the EventBridge event has no detail object");
    }
    return decode((ObjectNode) detail,
        Optional.ofNullable((String) event.get("id")),
        Optional.ofNullable((String) event.get("detail-type")),
        Optional.ofNullable((String) event.get("time")));
  }

  private static ProvisioningEvent decode(ObjectNode envelope, Optional<String> fallbackId, Optional<String> fallbackType,
      Optional<String> fallbackTime) {
    Json.allowOnly(envelope, "the event", Json.names("id", "type", "occurredAt", "data"));
    String id = Json.string(envelope, "id").or(() -> fallbackId).orElseThrow(() -> missing("id"));
    Limits.requireRoomId(id, "id"); // 1 to 128 characters, no control characters
    String type = Json.string(envelope, "type").or(() -> fallbackType).orElseThrow(() -> missing("type"));
    if (!TYPES.contains(type)) {
      throw new InvalidInputException(ErrorCode.INVALID_EVENT, "type", "Unknown event type \"" + type + "\"",
          "Use one of " + String.join(", ", TYPES.stream().sorted().toList()) + ".");
    }
    String time = Json.string(envelope, "occurredAt").or(() -> fallbackTime).orElseThrow(() -> missing("occurredAt"));
    Instant occurredAt;
    try {
      occurredAt = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(ErrorCode.INVALID_EVENT, "occurredAt", "occurredAt is not an ISO-8601 timestamp",
          "Send e.g. \"2026-11-22T21:44:48.000Z\".");
    }
    JsonNode data = envelope.get("data");
    if (data == null || !data.isObject()) {
      throw new InvalidInputException(ErrorCode.INVALID_EVENT, "data", "The event needs a data object", "See docs/events.md for each type's data.");
    }
    return new ProvisioningEvent(id, type, occurredAt, change(type, (ObjectNode) data));
  }

  private static Change change(String type, ObjectNode data) {
    return switch (type) {
      case "user.upserted" -> {
        ObjectNode wrapped = Json.object();
        wrapped.putArray("users").add(data);
        yield new ProvisioningEvent.UserUpserted(UserRequests.upsert(Json.write(wrapped)).getFirst());
      }
      case "user.deleted" -> {
        Json.allowOnly(data, "data", Json.names("id"));
        yield new ProvisioningEvent.UserDeleted(id(data, "the user"));
      }
      case "room.created" -> new ProvisioningEvent.RoomCreated(RoomRequests.create(Json.write(data)));
      case "room.updated" -> {
        String roomId = id(data, "the room");
        ObjectNode patch = data.deepCopy();
        patch.remove("id");
        yield new ProvisioningEvent.RoomUpdated(roomId, RoomRequests.update(Json.write(patch)));
      }
      case "room.deleted" -> {
        Json.allowOnly(data, "data", Json.names("id"));
        yield new ProvisioningEvent.RoomDeleted(id(data, "the room"));
      }
      case "tenant.deleted" -> {
        Json.allowOnly(data, "data", Json.names("tenantId", "organizationId"));
        // As the REST routes: both names may be sent, but must agree (else which tenant goes?).
        String tenant = RoomRequests.tenant(data).orElseThrow(() -> missing("data.tenantId"));
        yield new ProvisioningEvent.TenantDeleted(TenantId.parse(tenant, "data.tenantId"));
      }
      default -> throw new IllegalStateException(type);
    };
  }

  /** The id of {@code what}; deletions take {@code {"id"}} only, updates the id and the changes. */
  private static String id(ObjectNode data, String what) {
    return Json.string(data, "id").orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_EVENT, "data.id",
        "The event does not say which " + what.substring(4) + " (data.id)", "Send data.id."));
  }

  private static InvalidInputException missing(String field) {
    return new InvalidInputException(ErrorCode.INVALID_EVENT, field, "The event has no " + field, "See docs/events.md for the envelope.");
  }
}
