package dev.gatehouse.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.ErrorResponses;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.Json;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.telemetry.AccessLog;
import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.local.http.Http1Request;
import dev.gatehouse.local.http.Http1Response;
import dev.gatehouse.local.http.Http1Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Serves every HTTP API route of {@code template.yaml} through the same handler classes Lambda
 * runs, translating each request into the API Gateway HTTP API (payload 2.0) event those handlers
 * receive in AWS and decoding it as they do. Binds loopback unless told otherwise.
 */
public final class LocalServer implements AutoCloseable {

  private final Router<String> router = new Router<>();
  private final LocalGatehouse local;
  private Http1Server server;
  /** Runs the dispatcher every {@link #DELIVERY_PERIOD}, as the schedule and the table's stream do in AWS. */
  private final java.util.concurrent.ScheduledExecutorService deliveries =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-webhook-deliveries");
        t.setDaemon(true);
        return t;
      });
  static final java.time.Duration DELIVERY_PERIOD = java.time.Duration.ofSeconds(1);

  private LocalServer(LocalGatehouse local) {
    this.local = local;
  }

  public static LocalServer start(LocalGatehouse local, String host, int port) throws IOException {
    LocalServer server = new LocalServer(local);
    local.template().functions().values().forEach(f ->
        f.routes().forEach(r -> server.router.add(r.method(), r.path(), f.logicalId())));
    server.server = Http1Server.start(host, port, HttpRequest.BODY_MAX_BYTES, new Http1Server.Handler() {
      @Override
      public Http1Response handle(Http1Request request) {
        return server.handle(request);
      }

      @Override
      public Http1Response refuse(Http1Server.Refusal refusal) {
        return server.refuse(refusal);
      }
    });
    server.deliveries.scheduleWithFixedDelay(server::deliver, DELIVERY_PERIOD.toMillis(), DELIVERY_PERIOD.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return server;
  }

  /** One dispatcher run; a failure (the store closing, say) is printed and the next run goes on. */
  private void deliver() {
    try {
      local.gatehouse().webhooks().dispatcher().run(Instant.now().plusSeconds(30));
    } catch (RuntimeException e) {
      System.err.println("webhook delivery run failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  public int port() {
    return server.address().getPort();
  }

  public URI baseUri() {
    return URI.create("http://" + server.address().getHostString() + ":" + port());
  }

  private Http1Response handle(Http1Request request) {
    HttpResponse response;
    long start = System.nanoTime();
    try {
      response = isPreflight(request) ? preflight() : dispatch(request);
    } catch (RuntimeException e) {
      response = answeredHere(request.method() + " (server)", ErrorResponses.internal("local"), ErrorCode.INTERNAL_ERROR,
          start, e.getClass().getSimpleName());
    }
    if (cors().enabled() && request.headers().containsKey("origin")) {
      // As API Gateway does with a CorsConfiguration; any origin locally.
      response = response.withHeader("Access-Control-Allow-Origin", "*");
    }
    return wire(response);
  }

  /** A request the HTTP layer refused for its framing, in the Liveblocks error shape. */
  private Http1Response refuse(Http1Server.Refusal refusal) {
    if (refusal == Http1Server.Refusal.BODY_TOO_LARGE) {
      return wire(ErrorResponses.payloadTooLarge());
    }
    return wire(ErrorResponses.body(refusal.status, ErrorCode.INVALID_HTTP_REQUEST, refusal.message,
        "Send one well-formed HTTP/1.1 request per message, framed by Content-Length or chunked encoding."));
  }

  private SamTemplate.Cors cors() {
    return local.template().cors();
  }

  /** A browser's CORS preflight, which API Gateway answers itself for any path, with no route. */
  private boolean isPreflight(Http1Request request) {
    return cors().enabled() && request.method().equalsIgnoreCase("OPTIONS")
        && request.headers().containsKey("origin")
        && request.headers().containsKey("access-control-request-method");
  }

  private HttpResponse preflight() {
    return new HttpResponse(204, Map.of(
        "Access-Control-Allow-Methods", String.join(",", cors().allowMethods()),
        "Access-Control-Allow-Headers", String.join(",", cors().allowHeaders()),
        "Access-Control-Max-Age", String.valueOf(cors().maxAgeSeconds())), "");
  }

  /** Where the local server serves docs/openapi.yaml (API Gateway has no such route: read the file). */
  static final String OPENAPI_PATH = "/openapi.yaml";

  private static HttpResponse openApi() {
    try (var in = LocalServer.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is not on the classpath: build the local module");
      }
      return new HttpResponse(200, Map.of("content-type", "application/yaml; charset=utf-8"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * An answer the server gives without a function (no route, a malformed path, its own failure):
   * its line, as API Gateway's access log would have it.
   */
  private static HttpResponse answeredHere(String route, HttpResponse response, ErrorCode code, long startNanos, String error) {
    try (RequestNotes notes = RequestNotes.open()) {
      RequestNotes.code(code.wire());
      AccessLog.write("local-server", route, response.status(), notes, (System.nanoTime() - startNanos) / 1e6, false, "", "", error);
    }
    return response;
  }

  private HttpResponse dispatch(Http1Request request) {
    long start = System.nanoTime();
    String method = request.method().toUpperCase(Locale.ROOT);
    String rawPath = request.rawPath();
    if (method.equals("GET") && rawPath.equals(OPENAPI_PATH)) {
      return openApi();
    }
    List<String> segments = new ArrayList<>();
    try {
      for (String segment : (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1)) {
        segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException malformed) {
      return answeredHere(method + " (no route)", ErrorResponses.body(ErrorCode.INVALID_PATH, "The path holds a malformed percent-escape.",
          "Percent-encode each path segment (encodeURIComponent), e.g. % as %25."), ErrorCode.INVALID_PATH, start, null);
    }
    if (segments.size() == 1 && segments.getFirst().isEmpty()) {
      segments.clear();
    }
    var match = router.match(method, segments);
    if (match.isEmpty()) {
      return answeredHere(method + " (no route)", ErrorResponses.body(ErrorCode.ROUTE_NOT_FOUND, "No route for " + method + " " + rawPath + ".",
          "See template.yaml (or the README's route table) for the routes Gatehouse serves."), ErrorCode.ROUTE_NOT_FOUND, start, null);
    }
    // The HTTP layer refused bodies past HttpRequest.BODY_MAX_BYTES before reading them.
    ObjectNode event;
    try {
      event = event(request, method, match.get().template(), match.get().pathParameters());
    } catch (GatehouseException undecodable) {
      // A malformed query string: 400, as the handler would answer.
      return answeredHere(method + " (no route)", ErrorResponses.from(undecodable), undecodable.errorCode(), start, null);
    }
    String functionId = match.get().target();
    Object handler = local.handler(functionId);
    if (handler instanceof ApiHandler api) {
      // The handler's entry past the JSON step (ApiHandler.handle: fromEvent, respond), which
      // Lambda's runtime, `invoke` and the rehearsal exercise in bytes: writing the event as JSON
      // for the handler to parse back, and its answer the same way, was a fifth of a request's
      // CPU here (docs/performance.md).
      try {
        String requestId = event.path("requestContext").path("requestId").asText();
        return api.respond(HttpRequest.fromEvent(event), method + " " + match.get().template(), new LocalContext(requestId, functionId));
      } catch (GatehouseException undecodable) {
        return ErrorResponses.from(undecodable);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
          out, new LocalContext(event.path("requestContext").path("requestId").asText(), functionId));
      return HttpResponse.fromEvent(Json.parseEvent(out.toString(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The event API Gateway would send: decoded path and parameters, lower-case headers.
   *
   * @throws GatehouseException {@code INVALID_QUERY_STRING} for a malformed percent-escape in the query
   */
  static ObjectNode event(Http1Request request, String method, String template, Map<String, String> pathParameters) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
    String rawPath = request.rawPath();
    String body = new String(request.body(), StandardCharsets.UTF_8);
    String rawQuery = request.rawQuery();
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = HttpRequest.decodeQueryComponent(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : HttpRequest.decodeQueryComponent(pair.substring(eq + 1));
        query.merge(name, value, (a, b) -> a + "," + b);
      }
    }
    String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    ObjectNode event = Json.object();
    event.put("version", "2.0");
    event.put("routeKey", method + " " + template);
    event.put("rawPath", path);
    event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
    // As API Gateway does, the server says how the client reached it (plain http, here).
    headers.put("x-forwarded-proto", "http");
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(headerNode::put);
    if (!query.isEmpty()) {
      ObjectNode queryNode = event.putObject("queryStringParameters");
      query.forEach(queryNode::put);
    }
    if (!pathParameters.isEmpty()) {
      ObjectNode pathNode = event.putObject("pathParameters");
      pathParameters.forEach(pathNode::put);
    }
    if (!body.isEmpty()) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", false);
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", UUID.randomUUID().toString());
    // API Gateway names the domain the client used; tokens minted here name it as their issuer.
    context.put("domainName", headers.getOrDefault("host",
        request.local().getHostString() + ":" + request.local().getPort()));
    context.put("routeKey", method + " " + template);
    context.put("stage", "$default");
    context.put("timeEpoch", Instant.now().toEpochMilli());
    ObjectNode http = context.putObject("http");
    http.put("method", method);
    http.put("path", path);
    http.put("protocol", request.protocol());
    http.put("sourceIp", request.remote().getAddress().getHostAddress());
    http.put("userAgent", headers.getOrDefault("user-agent", ""));
    return event;
  }

  private static Http1Response wire(HttpResponse response) {
    return new Http1Response(response.status(), response.headers(), response.body().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    deliveries.shutdownNow();
    try {
      deliveries.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
  }
}
