package dev.gatehouse.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.api.ErrorResponses;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import java.util.concurrent.Executors;

/**
 * Serves every HTTP API route of {@code template.yaml} through the same handler classes Lambda
 * runs, translating each request into the API Gateway HTTP API (payload 2.0) event those handlers
 * receive in AWS. Binds loopback unless told otherwise.
 */
public final class LocalServer implements AutoCloseable {

  private final HttpServer server;
  private final Router<String> router = new Router<>();
  private final LocalGatehouse local;

  private LocalServer(HttpServer server, LocalGatehouse local) {
    this.server = server;
    this.local = local;
  }

  public static LocalServer start(LocalGatehouse local, String host, int port) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 1024);
    LocalServer server = new LocalServer(http, local);
    local.template().functions().values().forEach(f ->
        f.routes().forEach(r -> server.router.add(r.method(), r.path(), f.logicalId())));
    http.createContext("/", server::handle);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    return server;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI baseUri() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpResponse response;
      try {
        response = isPreflight(exchange) ? preflight() : dispatch(exchange);
      } catch (RuntimeException e) {
        System.err.println("gatehouse: local server failed: " + e);
        response = ErrorResponses.internal("local");
      }
      if (cors().enabled() && exchange.getRequestHeaders().containsKey("Origin")) {
        // As API Gateway does with a CorsConfiguration; any origin locally.
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      }
      write(exchange, response);
    }
  }

  private SamTemplate.Cors cors() {
    return local.template().cors();
  }

  /** A browser's CORS preflight, which API Gateway answers itself for any path, with no route. */
  private boolean isPreflight(HttpExchange exchange) {
    return cors().enabled() && exchange.getRequestMethod().equalsIgnoreCase("OPTIONS")
        && exchange.getRequestHeaders().containsKey("Origin")
        && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method");
  }

  private HttpResponse preflight() {
    return new HttpResponse(204, Map.of(
        "Access-Control-Allow-Methods", String.join(",", cors().allowMethods()),
        "Access-Control-Allow-Headers", String.join(",", cors().allowHeaders()),
        "Access-Control-Max-Age", String.valueOf(cors().maxAgeSeconds())), "");
  }

  @SuppressWarnings("unchecked")
  private HttpResponse dispatch(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    List<String> segments = new ArrayList<>();
    String rawPath = uri.getRawPath() == null ? "/" : uri.getRawPath();
    for (String segment : (rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1)) {
      segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    if (segments.size() == 1 && segments.getFirst().isEmpty()) {
      segments.clear();
    }
    var match = router.match(method, segments);
    if (match.isEmpty()) {
      return ErrorResponses.body(404, "ROUTE_NOT_FOUND", "No route for " + method + " " + rawPath + ".",
          "See template.yaml (or the README's route table) for the routes Gatehouse serves.");
    }
    byte[] bodyBytes;
    try (InputStream in = exchange.getRequestBody()) {
      bodyBytes = in.readNBytes(HttpRequest.BODY_MAX_BYTES + 1);
    }
    if (bodyBytes.length > HttpRequest.BODY_MAX_BYTES) {
      return ErrorResponses.payloadTooLarge();
    }
    ObjectNode event = event(exchange, method, rawPath, match.get().template(), match.get().pathParameters(),
        new String(bodyBytes, StandardCharsets.UTF_8));
    String functionId = match.get().target();
    // The handler gets the event's bytes and answers in bytes, exactly as in Lambda.
    var handler = (RequestStreamHandler) local.handler(functionId);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
        new LocalContext(event.path("requestContext").path("requestId").asText(), functionId));
    return HttpResponse.fromEvent(Json.parseEvent(out.toString(StandardCharsets.UTF_8)));
  }

  /** The event API Gateway would send: decoded path and parameters, lower-case headers. */
  static ObjectNode event(HttpExchange exchange, String method, String rawPath, String template,
      Map<String, String> pathParameters, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
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
        exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort()));
    context.put("routeKey", method + " " + template);
    context.put("stage", "$default");
    context.put("timeEpoch", Instant.now().toEpochMilli());
    ObjectNode http = context.putObject("http");
    http.put("method", method);
    http.put("path", path);
    http.put("protocol", exchange.getProtocol());
    http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
    http.put("userAgent", headers.getOrDefault("user-agent", ""));
    return event;
  }

  private static void write(HttpExchange exchange, HttpResponse response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    boolean empty = body.length == 0 || response.status() == 204;
    exchange.sendResponseHeaders(response.status(), empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
