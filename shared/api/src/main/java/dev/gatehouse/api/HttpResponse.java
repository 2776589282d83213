package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A status, headers and a body; becomes an API Gateway HTTP API response. */
public record HttpResponse(int status, Map<String, String> headers, String body) {
  private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json; charset=utf-8");

  /** A JSON response. */
  public static HttpResponse json(int status, JsonNode body) {
    return new HttpResponse(status, JSON_HEADERS, Json.write(body));
  }

  /** 200 with a JSON body. */
  public static HttpResponse ok(JsonNode body) {
    return json(200, body);
  }

  /** This response with one more header (names are lower case, as API Gateway sends them). */
  public HttpResponse withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpResponse(status, Map.copyOf(more), body);
  }

  /** 204, no body. */
  public static HttpResponse noContent() {
    return new HttpResponse(204, Map.of(), "");
  }

  /** The API Gateway HTTP API response (payload 2.0). */
  public ObjectNode toEvent() {
    ObjectNode event = Json.object();
    event.put("statusCode", status);
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(headerNode::put);
    event.put("body", body);
    event.put("isBase64Encoded", false);
    return event;
  }

  /** Reads a response back from its API Gateway form. */
  public static HttpResponse fromEvent(JsonNode event) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    event.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    return new HttpResponse(event.path("statusCode").asInt(), headers, event.path("body").asText(""));
  }
}
