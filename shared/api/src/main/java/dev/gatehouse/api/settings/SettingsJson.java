package dev.gatehouse.api.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.WireTime;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.Settings;
import java.util.Optional;

/** {@code {"multiTenantEnabled": bool, "updatedAt": …, "warning"?: …}}. */
public final class SettingsJson {
  private SettingsJson() {}

  public static ObjectNode settings(Settings settings, Optional<String> warning) {
    ObjectNode json = Json.object();
    json.put("multiTenantEnabled", settings.multiTenantEnabled());
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

  /** The body of {@code POST /v2/settings}. */
  public static boolean multiTenantEnabled(String body) {
    ObjectNode json = Json.parseObject(body);
    Json.allowOnly(json, "the settings", Json.names("multiTenantEnabled"));
    if (!json.has("multiTenantEnabled")) {
      throw new InvalidInputException(ErrorCode.MISSING_FIELD, "multiTenantEnabled", "Missing key: 'multiTenantEnabled'.",
          "Send {\"multiTenantEnabled\": true} or false.");
    }
    if (!json.get("multiTenantEnabled").isBoolean()) {
      throw Json.badShape("multiTenantEnabled must be true or false");
    }
    return json.get("multiTenantEnabled").asBoolean();
  }
}
