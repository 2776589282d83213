package dev.gatehouse.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HTTP request as a handler sees it, decoded from an API Gateway HTTP API (payload 2.0)
 * event: header names lower-case, query parameters and path parameters decoded (repeated query
 * parameters joined by commas, as API Gateway does), the body as text.
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> query,
    Map<String, String> pathParameters,
    String body,
    String requestId) {

  private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

  public HttpRequest {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    pathParameters = Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
  }

  /** Decodes an API Gateway HTTP API event. */
  public static HttpRequest from(APIGatewayV2HTTPEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (event.getQueryStringParameters() != null) {
      query.putAll(event.getQueryStringParameters());
    }
    // A bare flag such as ?idempotent may be absent from the parsed parameters.
    if (event.getRawQueryString() != null) {
      for (String part : event.getRawQueryString().split("&")) {
        if (!part.isEmpty() && !part.contains("=")) {
          query.putIfAbsent(URLDecoder.decode(part, StandardCharsets.UTF_8), "");
        }
      }
    }
    Map<String, String> path = new LinkedHashMap<>();
    if (event.getPathParameters() != null) {
      event.getPathParameters().forEach((name, value) -> path.put(name, decodePathParameter(value)));
    }
    String body = event.getBody();
    if (body != null && event.getIsBase64Encoded()) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    String method = "GET";
    String requestId = "";
    if (event.getRequestContext() != null) {
      if (event.getRequestContext().getHttp() != null && event.getRequestContext().getHttp().getMethod() != null) {
        method = event.getRequestContext().getHttp().getMethod();
      }
      if (event.getRequestContext().getRequestId() != null) {
        requestId = event.getRequestContext().getRequestId();
      }
    }
    return new HttpRequest(method, event.getRawPath() == null ? "/" : event.getRawPath(), headers, query, path,
        body == null ? "" : body, requestId);
  }

  /**
   * HTTP APIs hand Lambda path parameters already decoded; other callers (tests, proxies) may
   * not. A value that still holds percent-escapes is decoded once.
   */
  static String decodePathParameter(String value) {
    if (value == null || !PERCENT_ESCAPE.matcher(value).find()) {
      return value;
    }
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return value;
    }
  }

  /** A header by lower-case name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** A query parameter, if present (a bare flag is present with an empty value). */
  public Optional<String> queryParameter(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** A path parameter that the route guarantees. */
  public String pathParameter(String name) {
    String value = pathParameters.get(name);
    return value == null ? "" : value;
  }
}
