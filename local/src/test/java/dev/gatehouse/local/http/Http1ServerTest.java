package dev.gatehouse.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 layer on a real socket: framing, keep-alive, and every refusal before the handler. */
class Http1ServerTest {
  private static final int BODY_MAX = 1000;

  private final List<Http1Request> handled = new CopyOnWriteArrayList<>();
  private Http1Server server;

  @BeforeEach
  void start() throws IOException {
    server = Http1Server.start("127.0.0.1", 0, BODY_MAX, new Http1Server.Handler() {
      @Override
      public Http1Response handle(Http1Request request) {
        handled.add(request);
        String answer = request.method() + " " + request.rawPath() + " q=" + request.rawQuery() + " body="
            + new String(request.body(), StandardCharsets.UTF_8);
        return new Http1Response(200, Map.of("Content-Type", "text/plain"), answer.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public Http1Response refuse(Http1Server.Refusal refusal) {
        return new Http1Response(refusal.status, Map.of(), refusal.name().getBytes(StandardCharsets.UTF_8));
      }
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Sends {@code raw}, then reads until the server closes or {@code responses} complete responses arrived. */
  private String exchange(String raw, int responses) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readResponses(socket.getInputStream(), responses);
    }
  }

  private static String readResponses(InputStream in, int responses) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int complete = 0;
    while (complete < responses) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      got.write(b);
      String text = got.toString(StandardCharsets.ISO_8859_1);
      complete = completeResponses(text);
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  /** How many whole responses (head and Content-Length body; 100 Continue not counted) the text holds. */
  private static int completeResponses(String text) {
    int count = 0;
    int at = 0;
    while (true) {
      int end = text.indexOf("\r\n\r\n", at);
      if (end < 0) {
        return count;
      }
      String head = text.substring(at, end);
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      if (text.length() < end + 4 + length) {
        return count;
      }
      if (!head.startsWith("HTTP/1.1 100 ")) {
        count++;
      }
      at = end + 4 + length;
    }
  }

  @Test
  void keepsTheConnectionForTheNextRequest() throws IOException {
    String got = exchange("GET /v2/rooms?limit=2 HTTP/1.1\r\nHost: x\r\n\r\n"
        + "POST /v2/rooms HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 2);
    assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n"), got);
    assertTrue(got.contains("GET /v2/rooms q=limit=2 body="), got);
    assertTrue(got.contains("POST /v2/rooms q=null body=hello"), got);
    assertFalse(got.contains("Connection: close"), got);
    assertEquals(2, handled.size());
    assertEquals(List.of("x"), handled.getFirst().headers().get("host"));
  }

  @Test
  void readsAChunkedBodyAndAnswersExpectContinue() throws IOException {
    String got = exchange("POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n", 1);
    assertTrue(got.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), got);
    assertTrue(got.endsWith("POST /a q=null body=abcde"), got);
  }

  @Test
  void takesTheTargetsPathFromAnAbsoluteFormAndDropsAFragment() throws IOException {
    String got = exchange("GET http://localhost:1/v2/x?y=1#frag HTTP/1.1\r\nHost: x\r\n\r\n", 1);
    assertTrue(got.endsWith("GET /v2/x q=y=1 body="), got);
  }

  @Test
  void http10ClosesUnlessAskedToKeepAlive() throws IOException {
    String closed = exchange("GET /a HTTP/1.0\r\n\r\n", 5); // reads until the server closes
    assertTrue(closed.contains("Connection: close\r\n"), closed);
    assertEquals(1, handled.size());
    String kept = exchange("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 1);
    assertTrue(kept.contains("Connection: keep-alive\r\n"), kept);
  }

  @Test
  void closesAfterARequestThatAsksTo() throws IOException {
    String got = exchange("GET /a HTTP/1.1\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\n\r\n", 5);
    assertTrue(got.contains("Connection: close\r\n"), got);
    assertEquals(1, handled.size(), "the request after Connection: close is not read");
  }

  @Test
  void headAnswersTheLengthWithoutTheBody() throws IOException {
    String got = exchange("HEAD /a HTTP/1.1\r\nConnection: close\r\n\r\n", 5);
    assertTrue(got.contains("Content-Length: 20\r\n"), got); // "HEAD /a q=null body="
    assertTrue(got.endsWith("\r\n\r\n"), got);
  }

  private void assertRefused(String raw, int status, String refusal) throws IOException {
    String got = exchange(raw, 5); // every refusal closes the connection
    assertTrue(got.startsWith("HTTP/1.1 " + status + " "), raw + " -> " + got);
    assertTrue(got.contains("Connection: close\r\n"), got);
    assertTrue(got.endsWith(refusal), got);
    assertEquals(List.of(), handled, "a refused request never reaches the handler");
  }

  @Test
  void refusesBothFramingsAndConflictingLengths() throws IOException {
    assertRefused("POST /a HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
        "AMBIGUOUS_LENGTH");
    assertRefused("POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400, "AMBIGUOUS_LENGTH");
    assertRefused("POST /a HTTP/1.1\r\nContent-Length: +3\r\n\r\nabc", 400, "MALFORMED");
  }

  @Test
  void refusesABodyPastTheLimitBeforeReadingIt() throws IOException {
    assertRefused("POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: " + (BODY_MAX + 1) + "\r\n\r\n", 413,
        "BODY_TOO_LARGE");
    assertRefused("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n" + "x".repeat(1001) + "\r\n0\r\n\r\n",
        413, "BODY_TOO_LARGE");
  }

  @Test
  void refusesAHeadPastItsLimit() throws IOException {
    assertRefused("GET /a HTTP/1.1\r\nX-Big: " + "a".repeat(Http1Server.HEAD_MAX_BYTES) + "\r\n\r\n", 431,
        "HEAD_TOO_LARGE");
  }

  @Test
  void refusesMalformedHeads() throws IOException {
    for (String raw : List.of(
        "GET /a HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", // obsolete line folding
        "GET /a HTTP/1.1\r\nX : a\r\n\r\n", // white space before the colon
        "GET /a HTTP/1.1\r\nX: a\rb\r\n\r\n", // a bare CR
        "GET  /a HTTP/1.1\r\n\r\n", // two spaces
        "GET /a\r\n\r\n", // no version
        "G(T /a HTTP/1.1\r\n\r\n", // not a token
        "GET a HTTP/1.1\r\n\r\n", // not origin-form
        "GET /a\u00e9 HTTP/1.1\r\n\r\n", // a raw non-ASCII byte in the target
        "GET /a HTTP/1.1\r\nX: a\u0001\r\n\r\n")) { // a control character in a value
      handled.clear();
      assertRefused(raw, 400, "MALFORMED");
    }
    assertRefused("GET /a HTTP/2.0\r\n\r\n", 505, "UNSUPPORTED_VERSION");
    assertRefused("POST /a HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "UNSUPPORTED_TRANSFER_ENCODING");
    assertRefused("POST /a HTTP/1.1\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417, "EXPECTATION_FAILED");
  }

  @Test
  void aHandlerCannotSplitAResponse() {
    assertThrows(IllegalArgumentException.class,
        () -> new Http1Response(200, Map.of("X", "a\r\nSet-Cookie: b"), new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new Http1Response(200, Map.of("Content-Length", "1"), new byte[0]));
  }
}
