package dev.gatehouse.local.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as read: the method, the target's raw (still percent-encoded) path and query
 * ({@code null} without a {@code ?}), the protocol, header fields by lower-case name in arrival
 * order (each name's values in order), the body, and both ends of the connection.
 */
public record Http1Request(
    String method,
    String rawPath,
    String rawQuery,
    String protocol,
    Map<String, List<String>> headers,
    byte[] body,
    InetSocketAddress remote,
    InetSocketAddress local) {

  /** A header's values joined with commas (RFC 9110 §5.3), by lower-case name. */
  public Optional<String> header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null ? Optional.empty() : Optional.of(String.join(",", values));
  }
}
