package dev.gatehouse.service.webhooks;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook URLs are accepted, and where a delivery may connect. In AWS ({@link #PUBLIC_HTTPS}):
 * {@code https} only, and never to a loopback, private, link-local (the instance metadata
 * service) or otherwise internal address, checked when registered and again for every delivery
 * (DNS may change). The local server ({@link #ANY}) also takes {@code http} and loopback URLs.
 */
public enum WebhookUrls {
  PUBLIC_HTTPS,
  ANY;

  /** The longest URL accepted. */
  public static final int MAX_LENGTH = 2048;

  /** The URL, checked as registration checks it. */
  public URI requireValid(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("The webhook url is not a valid URL.");
    }
    if (url.length() > MAX_LENGTH) {
      throw invalid("The webhook url is longer than " + MAX_LENGTH + " characters.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw invalid("The webhook url must be an absolute http(s) URL with a host.");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("The webhook url must not carry a user name or password.");
    }
    if (uri.getRawFragment() != null) {
      throw invalid("The webhook url must not have a fragment.");
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      throw invalid("The webhook url's port must be from 1 to 65535.");
    }
    if (this == PUBLIC_HTTPS) {
      if (!scheme.equals("https")) {
        throw invalid("The webhook url must use https.");
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".internal")
          || literal(host).map(WebhookUrls::internal).orElse(false)) {
        throw invalid("The webhook url must name a public host, not a loopback, private or link-local address.");
      }
    }
    return uri;
  }

  /**
   * Why a delivery to this URL must not connect now (its host resolves to an internal address),
   * or empty when it may. Always empty for {@link #ANY}.
   */
  public Optional<String> refusal(URI uri) {
    if (this == ANY) {
      return Optional.empty();
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
        if (internal(address)) {
          return Optional.of("the host resolves to an internal address");
        }
      }
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of("the host does not resolve");
    }
  }

  private static Optional<InetAddress> literal(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!bare.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
      return Optional.empty(); // a name, resolved at delivery
    }
    try {
      return Optional.of(InetAddress.getByName(bare));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Loopback, private, link-local, unspecified, multicast, shared (100.64/10) or unique-local (fc00::/7). */
  static boolean internal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || first == 100 && second >= 64 && second < 128 || first == 192 && second == 0 && (b[2] & 0xff) == 0
          || first == 198 && (second == 18 || second == 19) || first >= 240;
    }
    if (address instanceof Inet6Address) {
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff && java.util.stream.IntStream.range(0, 10).allMatch(i -> b[i] == 0);
      // IPv4-compatible ::a.b.c.d and NAT64 64:ff9b::/96 carry an IPv4 address in their last four bytes.
      boolean compatible = java.util.stream.IntStream.range(0, 12).allMatch(i -> b[i] == 0);
      boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
          && java.util.stream.IntStream.range(4, 12).allMatch(i -> b[i] == 0);
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        try { // 6to4 2002:AABB:CCDD::/48 carries AA.BB.CC.DD
          return internal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 2, 6)));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      if (mapped || compatible || nat64) {
        try {
          return internal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      return (b[0] & 0xfe) == 0xfc;
    }
    return true;
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(ErrorCode.INVALID_WEBHOOK_URL, "url", message,
        "Register the https URL of an endpoint reachable from the internet, e.g. https://example.com/webhooks/gatehouse.");
  }
}
