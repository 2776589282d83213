package dev.gatehouse.api.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.revocation.Cutoff;
import dev.gatehouse.service.revocation.RevocationService;
import dev.gatehouse.store.UserStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Revocation on the wire: the body {@code {"before"?: ISO-8601 | null}} of the revoke routes
 * (no body, or no {@code before}: now), and the answers {@code {"userId", "revokeTokensIssuedBefore",
 * "deactivated"}} and {@code {"organizationId", "revokeTokensIssuedBefore"}}.
 */
public final class RevocationJson {
  private RevocationJson() {}

  /** The cutoff a revoke request asks for; an empty body means now. */
  public static Cutoff cutoff(String body) {
    if (body == null || body.isBlank()) {
      return Cutoff.NOW;
    }
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "a revocation", Json.names("before"));
    return json.has("before") ? cutoff(json.get("before"), "before") : Cutoff.NOW;
  }

  /**
   * A cutoff given as a JSON value: an ISO-8601 instant ({@code 2026-12-03T10:00:00Z}, an offset
   * allowed), or null to lift it.
   *
   * @throws InvalidInputException {@code INVALID_CUTOFF} for anything else
   */
  public static Cutoff cutoff(JsonNode value, String field) {
    if (value.isNull()) {
      return Cutoff.LIFT;
    }
    if (value.isTextual()) {
      Optional<Instant> at = WireTime.parse(value.asText());
      if (at.isPresent()) {
        return Cutoff.at(at.get());
      }
    }
    throw new InvalidInputException(ErrorCode.INVALID_CUTOFF, field,
        field + " must be an ISO-8601 time such as \"2026-12-03T10:00:00Z\", or null to lift the cutoff",
        "Send e.g. {\"" + field + "\": \"2026-12-03T10:00:00Z\"}, or leave it out to revoke every token issued until now.");
  }

  public static ObjectNode user(UserStatus status) {
    ObjectNode json = Json.object();
    json.put("userId", status.userId());
    cutoffField(json, status.revokeTokensIssuedBefore());
    json.put("deactivated", status.deactivated());
    return json;
  }

  public static ObjectNode tenant(RevocationService.TenantCutoff cutoff) {
    ObjectNode json = Json.object();
    json.put("organizationId", cutoff.tenant().value());
    cutoffField(json, cutoff.revokeTokensIssuedBefore());
    return json;
  }

  /** {@code revokeTokensIssuedBefore}: the cutoff, or null without one. */
  public static void cutoffField(ObjectNode json, Optional<Instant> cutoff) {
    if (cutoff.isPresent()) {
      json.put("revokeTokensIssuedBefore", WireTime.format(cutoff.get()));
    } else {
      json.putNull("revokeTokensIssuedBefore");
    }
  }
}
