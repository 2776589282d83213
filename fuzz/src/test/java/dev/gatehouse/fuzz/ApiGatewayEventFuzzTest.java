package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.check;
import static dev.gatehouse.fuzz.Refusals.parseOrRefuse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.Json;
import dev.gatehouse.errors.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The API Gateway HTTP API (payload 2.0) event decoder: any JSON event decodes to a request
 * (headers, query, path parameters, base64 bodies) or is a 400; query components decode or are a
 * 400 {@code INVALID_QUERY_STRING}, and an encoded component decodes back to itself.
 */
class ApiGatewayEventFuzzTest {

  @FuzzTest
  void event(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    JsonNode event;
    try {
      event = Json.parseEvent(text);
    } catch (IllegalStateException notJson) {
      return; // API Gateway only ever sends JSON
    }
    if (event == null) {
      return;
    }
    Optional<HttpRequest> request = parseOrRefuse(() -> HttpRequest.fromEvent(event), InvalidRequestException.class);
    request.ifPresent(r -> {
      check(r.method() != null && r.path() != null && r.body() != null && r.requestId() != null, "a request has no null parts");
      r.headers().keySet().forEach(name -> check(name.equals(name.toLowerCase(java.util.Locale.ROOT)), "header names are lower-case"));
    });
  }

  @FuzzTest
  void queryComponent(byte[] input) {
    String component = new String(input, StandardCharsets.UTF_8);
    parseOrRefuse(() -> HttpRequest.decodeQueryComponent(component), InvalidRequestException.class);
    if (isWellFormedUtf16(component)) {
      check(HttpRequest.decodeQueryComponent(URLEncoder.encode(component, StandardCharsets.UTF_8)).equals(component),
          "an encoded component decodes back to itself");
    }
  }

  private static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
