package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.runtime.JsonStreamHandler;
import dev.gatehouse.functions.tokens.ConnectAuthorizerHandler;
import dev.gatehouse.local.LocalGatehouse;
import dev.gatehouse.local.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole requests: a fuzzed API Gateway HTTP API event (path parameters, query string, headers,
 * body, base64 or not) through the real handler of every HTTP route of {@code template.yaml},
 * on the embedded store, with a valid secret key or ID token most of the time so that requests
 * get past authentication into the services and the store. The answer is never 5xx, and every
 * 4xx is the Liveblocks error shape. Also the connection authorizer on fuzzed tokens and rooms.
 */
class HandlerFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
  /** The query parameters some route reads, so that the fuzzer names them often. */
  private static final String[] QUERY_NAMES = {
    "limit", "startingAfter", "query", "organizationId", "tenantId", "userId", "groupIds", "metadata.color", "idempotent",
  };
  private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "text/plain"};

  private record Route(String function, String method, String path, JsonStreamHandler handler) {}

  private static List<Route> routes;
  private static String idToken;
  private static String accessToken;

  private static synchronized List<Route> routes() {
    if (routes == null) {
      LocalGatehouse local = Embedded.gatehouse();
      List<Route> all = new ArrayList<>();
      for (SamTemplate.Function f : local.template().functions().values()) {
        for (SamTemplate.Route r : f.routes()) {
          all.add(new Route(f.logicalId(), r.method(), r.path(), (JsonStreamHandler) local.handler(f.logicalId())));
        }
      }
      routes = List.copyOf(all);
      idToken = token("/v2/identify-user", "{\"userId\":\"fuzz-user\",\"groupIds\":[\"g1\"],\"organizationId\":\"team-a\"}");
      accessToken = token("/v2/authorize-user", "{\"userId\":\"fuzz-user\",\"permissions\":{\"*\":[\"*:write\"]},\"organizationId\":\"team-a\"}");
    }
    return routes;
  }

  @FuzzTest
  void request(FuzzedDataProvider data) {
    Route route = data.pickValue(routes());
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode event = nodes.objectNode();
    event.put("version", "2.0");
    event.put("routeKey", route.method() + " " + route.path());

    ObjectNode headers = event.putObject("headers");
    switch (data.consumeInt(0, 4)) {
      case 0, 1 -> headers.put("authorization", "Bearer " + (route.path().startsWith("/v2/c/") ? idToken : Embedded.SECRET_KEY));
      case 2 -> headers.put("authorization", data.pickValue(new String[] {"Bearer " + idToken, "Bearer " + accessToken, "Bearer " + Embedded.SECRET_KEY}));
      case 3 -> headers.put("authorization", data.consumeString(200));
      default -> { }
    }
    headers.put("content-type", data.pickValue(CONTENT_TYPES));
    if (data.consumeBoolean()) {
      headers.put(data.consumeString(20), data.consumeString(60));
    }

    StringBuilder rawPath = new StringBuilder();
    ObjectNode pathParameters = nodes.objectNode();
    Matcher m = PARAMETER.matcher(route.path());
    while (m.find()) {
      String value = data.consumeBoolean() ? data.pickValue(new String[] {"room-1", "fuzz-user", "r"}) : data.consumeString(160);
      pathParameters.put(m.group(1), value);
      m.appendReplacement(rawPath, Matcher.quoteReplacement(encode(value)));
    }
    m.appendTail(rawPath);
    event.put("rawPath", rawPath.toString());
    if (!pathParameters.isEmpty()) {
      event.set("pathParameters", pathParameters);
    }

    Map<String, String> query = new LinkedHashMap<>();
    int parameters = data.consumeInt(0, 4);
    for (int i = 0; i < parameters; i++) {
      String name = data.consumeBoolean() ? data.pickValue(QUERY_NAMES) : data.consumeString(20);
      query.merge(name, data.consumeString(120), (a, b) -> a + "," + b); // API Gateway joins repeats with commas
    }
    if (data.consumeBoolean()) {
      List<String> pairs = new ArrayList<>();
      query.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
      event.put("rawQueryString", String.join("&", pairs));
    } else {
      event.put("rawQueryString", data.consumeString(80)); // as sent: may be malformed
    }
    if (!query.isEmpty()) {
      ObjectNode q = event.putObject("queryStringParameters");
      query.forEach(q::put);
    }

    boolean base64 = data.consumeBoolean();
    String body = data.consumeRemainingAsString();
    if (base64) {
      body = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }
    if (!body.isEmpty() || data.consumeBoolean()) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", base64);
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", "fuzz").put("domainName", "gatehouse.fuzz.invalid");
    context.putObject("http").put("method", route.method()).put("path", rawPath.toString());

    JsonNode answer = invoke(route.handler(), event);
    int status = answer.path("statusCode").asInt(-1);
    check(status >= 200 && status < 500, route.function() + " answered " + status + ": " + answer.path("body").asText());
    String responseBody = answer.path("body").asText("");
    if (status >= 400) {
      requireErrorShape(route.function(), status, responseBody);
    } else if (!responseBody.isEmpty()) {
      parse(responseBody); // a success body is JSON
    }
  }

  /** The WebSocket/HTTP authorizer: allows, denies or answers API Gateway's "Unauthorized", nothing else. */
  @FuzzTest
  void connectAuthorizer(FuzzedDataProvider data) {
    routes();
    String token = switch (data.consumeInt(0, 3)) {
      case 0 -> idToken;
      case 1 -> accessToken;
      default -> data.consumeString(300);
    };
    boolean simple = data.consumeBoolean();
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("roomId", data.consumeBoolean() ? "room-1" : data.consumeString(140));
    Map<String, Object> headers = new LinkedHashMap<>();
    if (data.consumeBoolean()) {
      headers.put(data.consumeBoolean() ? "Authorization" : "authorization", (data.consumeBoolean() ? "Bearer " : "") + token);
    }
    if (headers.isEmpty() || data.consumeBoolean()) {
      query.put("token", token);
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", simple ? "2.0" : "1.0");
    event.put("type", "REQUEST");
    event.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:api/$connect");
    event.put("headers", headers);
    event.put("queryStringParameters", query);
    ConnectAuthorizerHandler handler = (ConnectAuthorizerHandler) Embedded.gatehouse().handler("ConnectAuthorizerFunction");
    Map<String, Object> answer;
    try {
      answer = handler.handle(event, null);
    } catch (RuntimeException e) {
      check(!simple && e.getClass() == RuntimeException.class && "Unauthorized".equals(e.getMessage()),
          "the authorizer failed with " + e);
      return;
    }
    check(simple ? answer.get("isAuthorized") instanceof Boolean : answer.get("policyDocument") instanceof Map<?, ?>,
        "the authorizer answered " + answer.keySet());
  }

  private static void requireErrorShape(String function, int status, String body) {
    JsonNode error = parse(body);
    check(error.isObject() && Set.of("error", "message", "suggestion").equals(fieldNames(error)),
        function + " answered " + status + " without the Liveblocks error shape: " + body);
    error.properties().forEach(e -> check(e.getValue().isTextual() && !e.getValue().asText().isBlank(),
        function + " answered " + status + " with an empty " + e.getKey()));
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new java.util.HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("the answer's body is not JSON: " + text, e);
    }
  }

  private static JsonNode invoke(JsonStreamHandler handler, JsonNode event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String token(String path, String body) {
    Route route = routes.stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("version", "2.0").put("rawPath", path).put("rawQueryString", "").put("body", body).put("isBase64Encoded", false);
    event.putObject("headers").put("authorization", "Bearer " + Embedded.SECRET_KEY).put("content-type", "application/json");
    event.putObject("requestContext").put("requestId", "fuzz-setup").put("domainName", "gatehouse.fuzz.invalid").putObject("http").put("method", "POST").put("path", path);
    JsonNode answer = invoke(route.handler(), event);
    check(answer.path("statusCode").asInt() == 200, path + " answered " + answer);
    return parse(answer.path("body").asText()).path("token").asText();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
