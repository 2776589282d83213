package dev.gatehouse.local.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests (RFC 9112) from a stream: the head, then the body its framing names.
 * Pure functions of the bytes read (and of the limits), so that the fuzz harness can drive them.
 */
public final class Http1Parser {
  private static final int CHUNK_LINE_MAX = 4096;
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private Http1Parser() {}

  /** A request refused for its framing: answered with {@link #refusal}'s status, then the connection closes. */
  public static final class Refused extends Exception {
    public final Http1Server.Refusal refusal;

    Refused(Http1Server.Refusal refusal) { // thrown by Http1Input too
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }
  }

  /**
   * A request's head as read.
   *
   * @param contentLength the body's declared length; -1 when it is chunked, 0 when there is none
   */
  public record Head(String method, String rawPath, String rawQuery, String protocol,
      Map<String, List<String>> headers, boolean keepAlive, long contentLength, boolean expectContinue) {
    boolean chunked() {
      return contentLength < 0;
    }
  }

  /**
   * The next request's head, or {@code null} when the stream ends before its first byte (the
   * client closed an idle connection).
   *
   * @throws Refused when the head is malformed, too large or names framing this server refuses
   * @throws IOException when the stream fails or ends inside the head
   */
  public static Head readHead(Http1Input in, int maxBytes) throws IOException, Refused {
    int[] budget = {maxBytes};
    String requestLine;
    int emptyLines = 0;
    do {
      requestLine = in.readLine(budget, emptyLines == 0);
      if (requestLine == null) {
        return null;
      }
      // A client may send a line break before the request line (RFC 9112 §2.2); only a few.
      if (requestLine.isEmpty() && ++emptyLines > 4) {
        throw new Refused(Http1Server.Refusal.MALFORMED);
      }
    } while (requestLine.isEmpty());

    int firstSpace = requestLine.indexOf(' ');
    int secondSpace = firstSpace < 0 ? -1 : requestLine.indexOf(' ', firstSpace + 1);
    if (firstSpace <= 0 || secondSpace < 0 || requestLine.indexOf(' ', secondSpace + 1) >= 0) {
      throw new Refused(Http1Server.Refusal.MALFORMED);
    }
    String method = requestLine.substring(0, firstSpace);
    String target = requestLine.substring(firstSpace + 1, secondSpace);
    String protocol = requestLine.substring(secondSpace + 1);
    if (!isToken(method) || target.isEmpty()) {
      throw new Refused(Http1Server.Refusal.MALFORMED);
    }
    if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
      throw new Refused(protocol.matches("HTTP/[0-9]\\.[0-9]") ? Http1Server.Refusal.UNSUPPORTED_VERSION
          : Http1Server.Refusal.MALFORMED);
    }
    String pathAndQuery = originForm(target);

    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = in.readLine(budget, false); !line.isEmpty(); line = in.readLine(budget, false)) {
      char first = line.charAt(0);
      int colon = line.indexOf(':');
      // A line that starts with white space continues the previous one (obsolete folding): refused.
      if (first == ' ' || first == '\t' || colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new Refused(Http1Server.Refusal.MALFORMED);
      }
      String value = line.substring(colon + 1).strip();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          throw new Refused(Http1Server.Refusal.MALFORMED);
        }
      }
      headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
    }

    boolean http11 = protocol.equals("HTTP/1.1");
    List<String> connection = tokens(headers.get("connection"));
    boolean keepAlive = !connection.contains("close") && (http11 || connection.contains("keep-alive"));
    long contentLength = contentLength(headers, http11);
    boolean expectContinue = false;
    List<String> expect = headers.get("expect");
    if (expect != null) {
      if (expect.size() != 1 || !expect.getFirst().equalsIgnoreCase("100-continue")) {
        throw new Refused(Http1Server.Refusal.EXPECTATION_FAILED);
      }
      expectContinue = http11;
    }
    int query = pathAndQuery.indexOf('?');
    String rawPath = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    String rawQuery = query < 0 ? null : pathAndQuery.substring(query + 1);
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      e.setValue(Collections.unmodifiableList(e.getValue()));
    }
    return new Head(method, rawPath, rawQuery, protocol, Collections.unmodifiableMap(headers), keepAlive,
        contentLength, expectContinue);
  }

  /**
   * The body {@code head} frames, at most {@code maxBytes}; sends {@code 100 Continue} first when
   * the client waits for it.
   *
   * @throws Refused {@code BODY_TOO_LARGE} past the limit (nothing more is read), {@code MALFORMED}
   *     for a broken chunk
   */
  public static byte[] readBody(Head head, Http1Input in, OutputStream out, int maxBytes) throws IOException, Refused {
    if (head.contentLength() == 0) {
      return new byte[0];
    }
    if (head.contentLength() > maxBytes) {
      throw new Refused(Http1Server.Refusal.BODY_TOO_LARGE);
    }
    if (head.expectContinue()) {
      out.write(CONTINUE);
      out.flush();
    }
    if (!head.chunked()) {
      byte[] body = in.readNBytes((int) head.contentLength());
      if (body.length < head.contentLength()) {
        throw new EOFException("the body ended early");
      }
      return body;
    }
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    int[] lineBudget = {CHUNK_LINE_MAX};
    while (true) {
      lineBudget[0] = CHUNK_LINE_MAX;
      String sizeLine = in.readLine(lineBudget, false);
      int extension = sizeLine.indexOf(';');
      String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
      if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new Refused(Http1Server.Refusal.MALFORMED);
      }
      long size = Long.parseLong(hex, 16);
      if (size == 0) {
        break;
      }
      if (body.size() + size > maxBytes) {
        throw new Refused(Http1Server.Refusal.BODY_TOO_LARGE);
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw new EOFException("a chunk ended early");
      }
      body.write(chunk);
      lineBudget[0] = CHUNK_LINE_MAX;
      if (!in.readLine(lineBudget, false).isEmpty()) {
        throw new Refused(Http1Server.Refusal.MALFORMED);
      }
    }
    int[] trailerBudget = {Http1Server.HEAD_MAX_BYTES};
    while (!in.readLine(trailerBudget, false).isEmpty()) {
      // Trailer fields are read and dropped: nothing here uses them.
    }
    return body.toByteArray();
  }

  /** The request target as origin-form path and query (absolute-form loses its scheme and authority). */
  private static String originForm(String target) throws Refused {
    String form = target;
    if (!form.startsWith("/") && !form.equals("*")) {
      int scheme = form.indexOf("://");
      String prefix = scheme < 0 ? "" : form.substring(0, scheme).toLowerCase(Locale.ROOT);
      if (!prefix.equals("http") && !prefix.equals("https")) {
        throw new Refused(Http1Server.Refusal.MALFORMED);
      }
      int path = form.indexOf('/', scheme + 3);
      int query = form.indexOf('?', scheme + 3);
      form = path >= 0 && (query < 0 || path < query) ? form.substring(path)
          : "/" + (query >= 0 ? form.substring(query) : "");
    }
    int fragment = form.indexOf('#');
    if (fragment >= 0) {
      form = form.substring(0, fragment);
    }
    for (int i = 0; i < form.length(); i++) {
      char c = form.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new Refused(Http1Server.Refusal.MALFORMED);
      }
    }
    return form;
  }

  /** Content-Length's value: 0 without one, -1 for chunked; refuses both, conflicting or malformed lengths. */
  private static long contentLength(Map<String, List<String>> headers, boolean http11) throws Refused {
    List<String> encoding = headers.get("transfer-encoding");
    List<String> lengths = headers.get("content-length");
    if (encoding != null) {
      if (lengths != null) {
        throw new Refused(Http1Server.Refusal.AMBIGUOUS_LENGTH); // the request smuggling shape
      }
      if (!http11) {
        throw new Refused(Http1Server.Refusal.MALFORMED);
      }
      if (!tokens(encoding).equals(List.of("chunked"))) {
        throw new Refused(Http1Server.Refusal.UNSUPPORTED_TRANSFER_ENCODING);
      }
      return -1;
    }
    if (lengths == null) {
      return 0;
    }
    long length = -1;
    for (String value : lengths) {
      for (String part : value.split(",", -1)) {
        String digits = part.strip();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new Refused(Http1Server.Refusal.MALFORMED);
        }
        long parsed = Long.parseLong(digits);
        if (length >= 0 && parsed != length) {
          throw new Refused(Http1Server.Refusal.AMBIGUOUS_LENGTH);
        }
        length = parsed;
      }
    }
    return length;
  }

  /** Comma-separated tokens of a header's values, lower-case. */
  private static List<String> tokens(List<String> values) {
    if (values == null) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",")) {
        String token = part.strip().toLowerCase(Locale.ROOT);
        if (!token.isEmpty()) {
          tokens.add(token);
        }
      }
    }
    return tokens;
  }

  /** An RFC 9110 token: a method or a header name. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
