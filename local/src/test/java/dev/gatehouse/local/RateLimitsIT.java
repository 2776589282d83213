package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-tenant quotas of the client routes over HTTP, as the local server and the functions
 * enforce them alike: set in the settings, spent per tenant and minute, refused with 429
 * {@code RATE_LIMITED} in the Liveblocks error shape and {@code retry-after}.
 */
class RateLimitsIT {
  private static final String KEY = "sk_rate_limits_it_0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A fixed clock: every request of a test falls in one quota window, whenever the test runs. */
  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY,
      java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T12:00:30Z"), java.time.ZoneOffset.UTC));

  private static HttpResponse<String> post(String bearer, String path, Object body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(served.server().baseUri() + path))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void limits(Object creates, Object queries) throws Exception {
    Map<String, Object> limits = new HashMap<>();
    limits.put("clientRoomCreatesPerMinute", creates);
    limits.put("clientQueriesPerMinute", queries);
    HttpResponse<String> set = post(KEY, "/v2/settings", Map.of("rateLimits", limits));
    assertEquals(200, set.statusCode(), set.body());
  }

  @AfterEach
  void lift() throws Exception {
    limits(null, null);
  }

  @Test
  void aTenantsClientQueriesAreRefusedOnceItsQuotaIsSpentAndOnlyItsOwn() throws Exception {
    limits(null, 2);
    String alice = served.api().idToken("alice", "acme");
    String bob = served.api().idToken("bob", "globex");
    assertEquals(200, post(alice, "/v2/c/rooms/query", Map.of()).statusCode());
    assertEquals(200, post(alice, "/v2/c/users/query", Map.of()).statusCode(), "rooms and users queries share the quota");
    HttpResponse<String> refused = post(alice, "/v2/c/rooms/query", Map.of());
    assertEquals(429, refused.statusCode(), refused.body());
    JsonNode body = JSON.readTree(refused.body());
    assertEquals("RATE_LIMITED", body.path("error").asText());
    assertTrue(body.path("message").asText().contains("acme"), body.toString());
    assertTrue(body.has("suggestion"), body.toString());
    assertEquals("30", refused.headers().firstValue("retry-after").orElseThrow(), "12:00:30: the window ends in 30 s");
    assertEquals(200, post(bob, "/v2/c/rooms/query", Map.of()).statusCode(), "globex's quota is its own");
  }

  @Test
  void aRoomCreationIsChargedOnlyOnceItIsAllowed() throws Exception {
    limits(1, null);
    String carol = served.api().idToken("carol", "initech");
    String dave = served.api().idToken("dave", "umbrella");
    // A creation the caller may not make (another tenant's space) is refused as before, and spends nothing of it.
    HttpResponse<String> denied = post(dave, "/v2/c/rooms", Map.of("id", "initech:theirs", "organizationId", "initech"));
    assertTrue(denied.statusCode() == 403, denied.body());
    assertEquals(200, post(carol, "/v2/c/rooms", Map.of("id", "initech:one")).statusCode());
    HttpResponse<String> second = post(carol, "/v2/c/rooms", Map.of("id", "initech:two"));
    assertEquals(429, second.statusCode(), second.body());
    assertEquals(404, served.api().server("GET", "/v2/rooms/initech:two", null).status(), "a refused creation writes nothing");
  }

  @Test
  void theSettingsShowTheQuotasAndRefuseValuesThatCannotBeQuotas() throws Exception {
    limits(30, null);
    JsonNode shown = served.api().server("GET", "/v2/settings", null).body();
    assertEquals(30, shown.path("rateLimits").path("clientRoomCreatesPerMinute").asInt());
    assertTrue(shown.path("rateLimits").path("clientQueriesPerMinute").isNull());
    for (Object bad : List.of(0, -1, 1_000_001, 2.5, "10", true)) {
      HttpResponse<String> refused = post(KEY, "/v2/settings", Map.of("rateLimits", Map.of("clientQueriesPerMinute", bad)));
      assertEquals(422, refused.statusCode(), bad + ": " + refused.body());
      assertEquals("INVALID_LIMIT", JSON.readTree(refused.body()).path("error").asText());
    }
    assertEquals(shown, served.api().server("GET", "/v2/settings", null).body(), "a refused change writes nothing");
    HttpResponse<String> unknown = post(KEY, "/v2/settings", Map.of("rateLimits", Map.of("serverQueriesPerMinute", 5)));
    assertTrue(unknown.statusCode() == 400 || unknown.statusCode() == 422, unknown.body());
  }
}
