package dev.gatehouse.api.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.RateLimits;
import dev.gatehouse.store.Settings;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code {"multiTenantEnabled": bool, "rateLimits": {"clientRoomCreatesPerMinute": n|null,
 * "clientQueriesPerMinute": n|null}, "revokeTokensIssuedBefore": time|null, "updatedAt": …, "warning"?: …}}.
 */
public final class SettingsJson {
  private SettingsJson() {}

  public static ObjectNode settings(Settings settings, Optional<String> warning) {
    ObjectNode json = Json.object();
    json.put("multiTenantEnabled", settings.multiTenantEnabled());
    ObjectNode limits = json.putObject("rateLimits");
    settings.rateLimits().clientRoomCreatesPerMinute().ifPresentOrElse(n -> limits.put(CREATES, n), () -> limits.putNull(CREATES));
    settings.rateLimits().clientQueriesPerMinute().ifPresentOrElse(n -> limits.put(QUERIES, n), () -> limits.putNull(QUERIES));
    dev.gatehouse.api.users.RevocationJson.cutoffField(json, settings.revokeTokensIssuedBefore());
    if (settings.updatedAt().isPresent()) {
      json.put("updatedAt", WireTime.format(settings.updatedAt().get()));
    } else {
      json.putNull("updatedAt");
    }
    warning.ifPresent(w -> json.put("warning", w));
    return json;
  }

  public static ObjectNode change(SettingsService.Change change) {
    return settings(change.settings(), change.warning());
  }

  private static final String CREATES = "clientRoomCreatesPerMinute";
  private static final String QUERIES = "clientQueriesPerMinute";

  /**
   * The body of {@code POST /v2/settings}: any of {@code multiTenantEnabled} and {@code
   * rateLimits} (each quota a whole number from 1 to 1,000,000 per tenant and minute, or null for
   * none); what it leaves out stays as it is.
   */
  public static SettingsService.Update update(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.alias(json, "the settings", "multi_tenant_enabled", "multiTenantEnabled");
    Json.alias(json, "the settings", "rate_limits", "rateLimits");
    Json.alias(json, "the settings", "revoke_tokens_issued_before", "revokeTokensIssuedBefore");
    Json.allowOnly(json, "the settings", Json.names("multiTenantEnabled", "rateLimits", "revokeTokensIssuedBefore"));
    Optional<Boolean> multiTenant = Optional.empty();
    if (json.has("multiTenantEnabled")) {
      if (!json.get("multiTenantEnabled").isBoolean()) {
        throw Json.badShape("multiTenantEnabled must be true or false");
      }
      multiTenant = Optional.of(json.get("multiTenantEnabled").asBoolean());
    }
    Map<RateLimits.Bucket, Optional<Integer>> limits = new EnumMap<>(RateLimits.Bucket.class);
    if (json.has("rateLimits")) {
      if (!json.get("rateLimits").isObject()) {
        throw Json.badShape("rateLimits must be an object: {\"clientRoomCreatesPerMinute\": n, \"clientQueriesPerMinute\": n}");
      }
      ObjectNode given = (ObjectNode) json.get("rateLimits");
      Json.allowOnly(given, "rateLimits", Json.names(CREATES, QUERIES));
      if (given.has(CREATES)) {
        limits.put(RateLimits.Bucket.CLIENT_ROOM_CREATES, quota(given, CREATES));
      }
      if (given.has(QUERIES)) {
        limits.put(RateLimits.Bucket.CLIENT_QUERIES, quota(given, QUERIES));
      }
    }
    Optional<dev.gatehouse.service.revocation.Cutoff> cutoff = json.has("revokeTokensIssuedBefore")
        ? Optional.of(dev.gatehouse.api.users.RevocationJson.cutoff(json.get("revokeTokensIssuedBefore"), "revokeTokensIssuedBefore"))
        : Optional.empty();
    SettingsService.Update update = new SettingsService.Update(multiTenant, limits, cutoff);
    if (update.isEmpty()) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "multiTenantEnabled", "The settings change nothing: send "
          + "multiTenantEnabled, rateLimits or revokeTokensIssuedBefore.", "Send e.g. {\"multiTenantEnabled\": true} or {\"rateLimits\": {\"clientQueriesPerMinute\": 600}}.");
    }
    return update;
  }

  private static Optional<Integer> quota(ObjectNode limits, String name) {
    var value = limits.get(name);
    if (value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > RateLimits.MAX_PER_MINUTE) {
      throw new InvalidInputException(ErrorCode.INVALID_LIMIT, "rateLimits." + name,
          "rateLimits." + name + " must be a whole number from 1 to " + RateLimits.MAX_PER_MINUTE + " (per tenant and minute), or null for no quota",
          "Send e.g. {\"rateLimits\": {\"" + name + "\": 600}}, or null to lift it.");
    }
    return Optional.of(value.asInt());
  }
}
