package dev.gatehouse.local.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One response: status, header fields, body. The server adds {@code Date}, {@code Content-Length}
 * and {@code Connection}; a header that would set them, or that holds a line break (a response
 * splitting attempt), is refused here.
 */
public record Http1Response(int status, Map<String, String> headers, byte[] body) {
  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "date");

  public Http1Response {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status " + status);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (name.isEmpty() || !Http1Parser.isToken(name) || FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header name '" + name + "' is not one a handler may set");
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("header " + name + " holds a line break");
      }
      copy.put(name, value);
    });
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 417 -> "Expectation Failed";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status " + status;
    };
  }
}
