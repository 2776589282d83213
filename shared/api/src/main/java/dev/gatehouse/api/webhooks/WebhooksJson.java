package dev.gatehouse.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.webhooks.WebhookService;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.webhooks.Webhook;
import dev.gatehouse.store.webhooks.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Webhooks on the wire: the registration ({@code {"url", "events"?}}), a webhook as the routes
 * show it, and the body a delivery carries. {@code roomCreated} and {@code roomDeleted} are
 * exactly Liveblocks' ({@code {"type", "data": {"projectId", "roomId", "createdAt"|"deletedAt"}}});
 * Gatehouse's own types use the same envelope, the change's data after its {@code projectId}.
 */
public final class WebhooksJson {
  private WebhooksJson() {}

  /** A registration's fields. */
  public record Registration(String url, Optional<List<String>> events) {}

  /** {@code POST /v2/webhooks}'s body. */
  public static Registration registration(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the webhook", Json.names("url", "events"));
    String url = Json.string(json, "url").orElseThrow(() -> new InvalidInputException(ErrorCode.MISSING_FIELD, "url",
        "url is required.", "Send {\"url\": \"https://...\"} and, optionally, \"events\": [...]."));
    JsonNode events = json.get("events");
    return new Registration(url, events == null || events.isNull() ? Optional.empty() : Optional.of(Json.stringList(events, "events")));
  }

  /** A webhook as the routes show it; the secret only when it was just registered. */
  public static ObjectNode webhook(Webhook webhook, boolean withSecret) {
    ObjectNode json = Json.object();
    json.put("id", webhook.id());
    json.put("url", webhook.url());
    ArrayNode events = json.putArray("events");
    (webhook.events().isEmpty() ? WebhookService.deliveredTypes() : webhook.events()).forEach(events::add);
    json.put("createdAt", WireTime.format(webhook.createdAt()));
    if (withSecret) {
      json.put("secret", webhook.secret());
    }
    WebhookDelivery d = webhook.delivery();
    ObjectNode delivery = json.putObject("delivery");
    delivery.put("status", d.disabled().isPresent() ? "disabled" : d.attempts() > 0 ? "retrying" : "active");
    delivery.put("cursor", Long.toString(d.cursor()));
    delivery.put("failedAttempts", d.attempts());
    time(delivery, "nextAttemptAt", d.retryAt());
    time(delivery, "lastDeliveredAt", d.lastDeliveredAt());
    time(delivery, "disabledAt", d.disabled());
    if (d.lastError().isPresent()) {
      delivery.put("lastError", d.lastError().get());
    } else {
      delivery.putNull("lastError");
    }
    return json;
  }

  private static void time(ObjectNode json, String field, Optional<Instant> value) {
    if (value.isPresent()) {
      json.put(field, WireTime.format(value.get()));
    } else {
      json.putNull(field);
    }
  }

  /** {@code GET /v2/webhooks}: {@code {"data": [...]}}, oldest first, without secrets. */
  public static ObjectNode list(List<Webhook> webhooks) {
    ObjectNode json = Json.object();
    ArrayNode data = json.putArray("data");
    webhooks.forEach(w -> data.add(webhook(w, false)));
    return json;
  }

  /** The body one delivery of {@code change} carries. */
  public static String body(Change change, String projectId) {
    ObjectNode json = Json.object();
    json.put("type", change.type().wireName());
    ObjectNode data = json.putObject("data");
    data.put("projectId", projectId);
    Map<String, Object> fields = change.data();
    switch (change.type()) {
      case ROOM_CREATED -> {
        data.put("roomId", (String) fields.get("roomId"));
        data.put("createdAt", (String) fields.get("createdAt"));
      }
      case ROOM_DELETED -> {
        data.put("roomId", (String) fields.get("roomId"));
        data.put("deletedAt", (String) fields.get("deletedAt"));
      }
      default -> fields.forEach((name, value) -> data.set(name, Json.MAPPER_FOR_VALUES.valueToTree(value)));
    }
    return Json.write(json);
  }
}
