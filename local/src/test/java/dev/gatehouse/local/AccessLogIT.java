package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.telemetry.AccessLine;
import dev.gatehouse.telemetry.AccessLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access line of each request, captured from the local server as the functions write it in
 * Lambda (JSON): a denied connection, a 422 and a 500 each leave exactly one parseable line with
 * the route, status, code, tenant, rule and reason, latency, cold-start flag and request ids, and
 * never the secret key, the token, the body or (unless opted in) the user id.
 */
class AccessLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KEY = "sk_access_log_it_0123456789abcdef";
  private static final String USER = "alice-7f3a";
  private static final String BODY_MARKER = "body-marker-9c1e";
  private static LocalGatehouse local;
  private static LocalServer server;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(KEY), List.of());
    server = LocalServer.start(local, "127.0.0.1", 0);
    post("/v2/rooms", Map.of("id", "globex:doc", "defaultAccesses", List.of("*:write"), "organizationId", "globex"));
  }

  @AfterAll
  static void stop() {
    server.close();
    local.close();
  }

  @BeforeEach
  void capture() {
    AccessLog.configure(AccessLog.Format.JSON, AccessLine.Level.INFO, false, lines::add);
  }

  @AfterEach
  void off() {
    AccessLog.off();
  }

  private static java.net.http.HttpResponse<String> post(String path, Object body) throws Exception {
    return HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(server.baseUri() + path))
        .header("Authorization", "Bearer " + KEY)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** The one line written since the capture began, parsed; the raw text checked for what must never appear. */
  private JsonNode onlyLine(String... mustNotContain) throws Exception {
    assertEquals(1, lines.size(), "one line per request: " + lines);
    String line = lines.getFirst();
    assertFalse(line.contains("\n"), "one line");
    assertFalse(line.contains(KEY), "no secret key: " + line);
    assertFalse(line.contains("sk_"), "no secret key: " + line);
    assertFalse(line.contains("eyJ"), "no token: " + line);
    for (String forbidden : mustNotContain) {
      assertFalse(line.contains(forbidden), "no " + forbidden + ": " + line);
    }
    JsonNode parsed = JSON.readTree(line);
    assertEquals("access", parsed.path("type").asText());
    assertTrue(parsed.path("timestamp").asText().endsWith("Z"), line);
    assertTrue(parsed.path("latencyMs").isNumber(), line);
    assertTrue(parsed.path("coldStart").isBoolean(), line);
    assertFalse(parsed.path("requestId").asText().isEmpty(), line);
    assertFalse(parsed.path("lambdaRequestId").asText().isEmpty(), line);
    return parsed;
  }

  @Test
  void aDeniedConnectionNamesItsRuleReasonAndTenantButNotTheUser() throws Exception {
    String token = JSON.readTree(post("/v2/identify-user", Map.of("userId", USER, "organizationId", "acme")).body())
        .get("token").asText();
    lines.clear();
    var reply = post("/v2/authorize-connection", Map.of("token", token, "roomId", "globex:doc"));
    assertEquals(403, reply.statusCode(), reply.body());

    JsonNode line = onlyLine(USER, token.substring(0, 20));
    assertEquals("INFO", line.path("level").asText());
    assertEquals("AuthorizeConnectionFunction", line.path("function").asText());
    assertEquals("POST /v2/authorize-connection", line.path("route").asText());
    assertEquals(403, line.path("status").asInt());
    assertEquals("ROOM_ACCESS_DENIED", line.path("code").asText());
    assertEquals("acme", line.path("tenant").asText(), "the token's tenant, where the room was looked for");
    // Looked for in the token's tenant only: another tenant's room is simply not there.
    assertEquals("ROOM_NOT_FOUND", line.path("rule").asText());
    assertTrue(line.path("reason").asText().contains("globex:doc"), line.toString());
    assertTrue(line.path("userId").isMissingNode(), "user ids only when the operator opts in");
  }

  @Test
  void aRefusedBodyNamesTheCodeButNotTheBody() throws Exception {
    var reply = post("/v2/rooms", Map.of("id", "acme:bad", "defaultAccesses", List.of("room:fly"),
        "metadata", Map.of("note", BODY_MARKER)));
    assertEquals(422, reply.statusCode(), reply.body());

    JsonNode line = onlyLine(BODY_MARKER);
    assertEquals("POST /v2/rooms", line.path("route").asText());
    assertEquals(422, line.path("status").asInt());
    assertEquals(JSON.readTree(reply.body()).path("error").asText(), line.path("code").asText());
    assertTrue(line.path("rule").isMissingNode(), "no access decision was made");
  }

  @Test
  void aFailureIsOneErrorLineSayingWhatFailedWithoutTheRequest() throws Exception {
    // identify-user with no issuer configured and no domain in the request: the function cannot
    // name its tokens' issuer, a 500 (noticed and kept: API Gateway always names the domain).
    ApiHandler identify = (ApiHandler) local.handler("IdentifyUserFunction");
    HttpRequest request = new HttpRequest("POST", "/v2/identify-user", Map.of("authorization", "Bearer " + KEY), Map.of(),
        Map.of(), JSON.writeValueAsString(Map.of("userId", USER, "userInfo", Map.of("note", BODY_MARKER))), "req-500");
    HttpResponse response = identify.respond(request, "POST /v2/identify-user", new LocalContext("lambda-500", "IdentifyUserFunction"));
    assertEquals(500, response.status());

    JsonNode line = onlyLine(USER, BODY_MARKER);
    assertEquals("ERROR", line.path("level").asText());
    assertEquals("INTERNAL_ERROR", line.path("code").asText());
    assertEquals("req-500", line.path("requestId").asText());
    assertEquals("lambda-500", line.path("lambdaRequestId").asText());
    assertTrue(line.path("error").asText().startsWith("IllegalStateException: no issuer"), line.toString());
  }

  @Test
  void userIdsAppearOnlyWhenTheOperatorOptsIn() throws Exception {
    AccessLog.configure(AccessLog.Format.JSON, AccessLine.Level.INFO, true, lines::add);
    post("/v2/identify-user", Map.of("userId", USER, "organizationId", "acme"));
    JsonNode line = onlyLine();
    assertEquals(USER, line.path("userId").asText());
    assertEquals("acme", line.path("tenant").asText());
    assertEquals(200, line.path("status").asInt());
  }

  @Test
  void aLevelAboveInfoDropsTheLinesOfAnswersButKeepsFailures() throws Exception {
    AccessLog.configure(AccessLog.Format.JSON, AccessLine.Level.ERROR, false, lines::add);
    post("/v2/rooms", Map.of("id", "acme:bad", "defaultAccesses", List.of("room:fly")));
    assertEquals(List.of(), lines);
  }

  @Test
  void theLocalServerPrintsTheSameFieldsReadably() throws Exception {
    AccessLog.configure(AccessLog.Format.TEXT, AccessLine.Level.INFO, false, lines::add);
    post("/v2/rooms", Map.of("id", "acme:bad", "defaultAccesses", List.of("room:fly")));
    HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/nowhere")).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} POST /v2/rooms 422 \\w+ [\\d.]+ ms.* request=\\S+.*"), lines.get(0));
    assertTrue(lines.get(1).contains("GET (no route) 404 ROUTE_NOT_FOUND"), lines.get(1));
  }
}
