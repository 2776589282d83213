package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidRequestException;
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
 * parameters joined by commas, as API Gateway does), the body as text, and the domain name the
 * request came in on ({@code requestContext.domainName}; empty when the event has none).
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> query,
    Map<String, String> pathParameters,
    String body,
    String requestId,
    String domainName) {

  /**
   * The largest body served: Lambda's 6 MB synchronous payload, so nothing Lambda can deliver is
   * refused; the local server and direct invocations answer 413 beyond it, before authenticating
   * or parsing.
   */
  public static final int BODY_MAX_BYTES = 6 * 1024 * 1024;

  private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

  public HttpRequest {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    pathParameters = Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
    domainName = domainName == null ? "" : domainName;
  }

  /** A request that names no domain (tests, direct calls). */
  public HttpRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
      Map<String, String> pathParameters, String body, String requestId) {
    this(method, path, headers, query, pathParameters, body, requestId, "");
  }

  /**
   * Decodes an API Gateway HTTP API event (payload 2.0).
   *
   * @throws InvalidRequestException when the query string or a base64 body cannot be decoded
   */
  public static HttpRequest fromEvent(JsonNode event) {
    Map<String, String> headers = new LinkedHashMap<>();
    event.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
    Map<String, String> query = new LinkedHashMap<>();
    event.path("queryStringParameters").properties().forEach(e -> query.put(e.getKey(), e.getValue().asText()));
    // A bare flag such as ?idempotent may be absent from the parsed parameters.
    String rawQuery = text(event, "rawQueryString");
    if (rawQuery != null) {
      for (String part : rawQuery.split("&")) {
        if (!part.isEmpty() && !part.contains("=")) {
          query.putIfAbsent(decodeQueryComponent(part), "");
        }
      }
    }
    Map<String, String> path = new LinkedHashMap<>();
    event.path("pathParameters").properties().forEach(e -> path.put(e.getKey(), decodePathParameter(e.getValue().asText())));
    String body = text(event, "body");
    if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
      try {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        throw new InvalidRequestException(ErrorCode.INVALID_BODY, "The body is marked base64-encoded but is not base64.",
            "Send the body as plain text, or encode it as standard base64.");
      }
    }
    JsonNode context = event.path("requestContext");
    String method = text(context.path("http"), "method");
    String requestId = text(context, "requestId");
    String rawPath = text(event, "rawPath");
    return new HttpRequest(method == null ? "GET" : method, rawPath == null ? "/" : rawPath, headers, query, path,
        body == null ? "" : body, requestId == null ? "" : requestId, text(context, "domainName"));
  }

  /**
   * Decodes one name or value of a query string ({@code +} is a space).
   *
   * @throws InvalidRequestException {@code INVALID_QUERY_STRING} for a malformed percent-escape
   */
  public static String decodeQueryComponent(String component) {
    try {
      return URLDecoder.decode(component, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new InvalidRequestException(ErrorCode.INVALID_QUERY_STRING,
          "The query string holds a malformed percent-escape: '%' must be followed by two hex digits.",
          "Percent-encode each query parameter's name and value (encodeURIComponent), e.g. % as %25.");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
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
