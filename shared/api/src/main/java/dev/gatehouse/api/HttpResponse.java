package dev.gatehouse.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
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

  /** 204, no body. */
  public static HttpResponse noContent() {
    return new HttpResponse(204, Map.of(), "");
  }

  public APIGatewayV2HTTPResponse toApiGateway() {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }
}
