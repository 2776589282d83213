package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stream's snake_case field names are read as Gatehouse's (docs/openapi.md); both at once is a 400. */
class StreamSpellingsIT {
  private static final String KEY = "sk_stream_spellings_it_0123456789";

  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);

  @Test
  void teamsRoleFilterConditionsCreatedAtAndTheSettingsSwitchTakeStreamsSpelling() {
    Api api = served.api();
    var upserted = api.server("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "snake", "teams", List.of("acme", "globex"), "teams_role", Map.of("acme", "admin")))));
    assertEquals(200, upserted.status(), upserted.toString());
    assertEquals("admin", upserted.body().path("users").path("snake").path("teamsRole").path("acme").asText());

    var found = api.server("POST", "/v2/users/query", Map.of("filter_conditions", Map.of("id", "snake"),
        "sort", Map.of("field", "created_at", "direction", -1)));
    assertEquals(200, found.status(), found.toString());
    assertEquals(List.of("snake"), found.ids());

    var filteredByDate = api.server("POST", "/v2/users/query", Map.of("filter_conditions",
        Map.of("id", "snake", "created_at", Map.of("$gte", "2000-01-01T00:00:00Z"))));
    assertEquals(List.of("snake"), filteredByDate.ids(), filteredByDate.toString());

    var patched = api.server("PATCH", "/v2/users", Map.of("users", List.of(Map.of("id", "snake", "unset", List.of("teams_role")))));
    assertEquals(200, patched.status(), patched.toString());
    assertTrue(patched.body().path("users").path("snake").path("teamsRole").isEmpty(), patched.toString());

    var switched = api.server("POST", "/v2/settings", Map.of("multi_tenant_enabled", false));
    assertEquals(200, switched.status(), switched.toString());
    assertEquals(false, switched.body().path("multiTenantEnabled").asBoolean(true));
  }

  @Test
  void bothSpellingsAtOnceAreRefusedAndNothingIsWritten() {
    Api api = served.api();
    var both = api.server("POST", "/v2/users", Map.of("users", List.of(Map.of("id", "twice",
        "teamsRole", Map.of(), "teams_role", Map.of()))));
    assertEquals(400, both.status(), both.toString());
    assertEquals("INVALID_BODY", both.error());
    assertEquals(404, api.server("GET", "/v2/users/twice", null).status());
    var query = api.server("POST", "/v2/rooms/query", Map.of("filter", Map.of(), "filter_conditions", Map.of()));
    assertEquals(400, query.status(), query.toString());
  }
}
