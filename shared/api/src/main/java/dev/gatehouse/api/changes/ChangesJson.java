package dev.gatehouse.api.changes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.changes.ChangeService;
import dev.gatehouse.store.changes.Change;
import java.time.Instant;
import java.util.Optional;

/**
 * The change feed and the audit trail on the wire. A feed change: {@code {"id", "type", "at",
 * "organizationId", "data", "cursor"}}; an audit entry adds {@code "actor": {"kind", "id", "via"}}
 * and {@code "target": {"kind", "id"}}. Pages are {@code {"data": [...], "nextCursor"}}.
 */
public final class ChangesJson {
  private static final int DEFAULT_LIMIT = 100;

  private ChangesJson() {}

  /** {@code GET /v2/changes?since=&organizationId=&limit=}. */
  public static ObjectNode feed(ChangeService changes, HttpRequest request) {
    ChangeService.FeedPage page = changes.feed(present(request, "since"), present(request, "organizationId"), limit(request));
    ObjectNode json = Json.object();
    ArrayNode data = json.putArray("data");
    page.changes().forEach(c -> data.add(change(c)));
    json.put("nextCursor", page.cursor());
    return json;
  }

  /** {@code GET /v2/audit?organizationId=&roomId=&userId=&since=&limit=&startingAfter=}. */
  public static ObjectNode audit(ChangeService changes, HttpRequest request) {
    ChangeService.AuditPage page = changes.audit(new ChangeService.AuditQuery(present(request, "organizationId"),
        present(request, "roomId"), present(request, "userId"), present(request, "since").map(ChangesJson::since),
        limit(request), present(request, "startingAfter")));
    ObjectNode json = Json.object();
    ArrayNode data = json.putArray("data");
    for (Change c : page.entries()) {
      ObjectNode entry = change(c);
      entry.remove("cursor");
      ObjectNode actor = entry.putObject("actor");
      actor.put("kind", c.actor().kind());
      actor.put("id", c.actor().id());
      actor.put("via", c.actor().via());
      ObjectNode target = entry.putObject("target");
      target.put("kind", targetKind(c));
      target.put("id", c.subject());
      data.add(entry);
    }
    if (page.nextCursor().isPresent()) {
      json.put("nextCursor", page.nextCursor().get());
    } else {
      json.putNull("nextCursor");
    }
    return json;
  }

  /** One change as the feed shows it. */
  public static ObjectNode change(Change c) {
    ObjectNode json = Json.object();
    json.put("id", c.id());
    json.put("type", c.type().wireName());
    json.put("at", WireTime.format(c.at()));
    if (c.tenant().isPresent()) {
      json.put("organizationId", c.tenant().get().value());
    } else {
      json.putNull("organizationId");
    }
    json.set("data", Json.MAPPER_FOR_VALUES.valueToTree(c.data()));
    json.put("cursor", Long.toString(c.sequence()));
    return json;
  }

  private static String targetKind(Change c) {
    String type = c.type().wireName();
    if (type.startsWith("room")) {
      return "room";
    }
    if (type.startsWith("user")) {
      return "user";
    }
    if (type.startsWith("webhook")) {
      return "webhook";
    }
    if (type.startsWith("group")) {
      return "group";
    }
    return type.startsWith("organization") ? "organization" : "settings";
  }

  private static Optional<String> present(HttpRequest request, String name) {
    return request.queryParameter(name).filter(s -> !s.isEmpty());
  }

  private static int limit(HttpRequest request) {
    Optional<String> raw = present(request, "limit");
    if (raw.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.get().trim());
      if (limit >= 1 && limit <= 100) {
        return limit;
      }
    } catch (NumberFormatException notANumber) {
      // refused below
    }
    throw new InvalidInputException(ErrorCode.INVALID_LIMIT, "limit", "limit must be a whole number from 1 to 100",
        "Leave limit out for the default of " + DEFAULT_LIMIT + ".");
  }

  private static Instant since(String text) {
    return WireTime.parse(text).orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_QUERY, "since",
        "since must be an ISO-8601 time such as 2026-12-03T10:00:00Z", "Send e.g. ?since=2026-12-03T10:00:00Z."));
  }
}
