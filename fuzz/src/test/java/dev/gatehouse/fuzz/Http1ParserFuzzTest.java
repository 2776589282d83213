package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.local.http.Http1Input;
import dev.gatehouse.local.http.Http1Parser;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The local server's HTTP/1.1 parser on any bytes, read as up to three requests one after the
 * other on one connection: each is a head and a body within the limits, or a refusal the server
 * answers (400, 413, 417, 431, 501, 505), or the stream's end; nothing else is thrown.
 */
class Http1ParserFuzzTest {
  private static final int HEAD_MAX = 4 * 1024;
  private static final int BODY_MAX = 4 * 1024;

  @FuzzTest
  void request(byte[] input) throws IOException {
    Http1Input in = new Http1Input(new ByteArrayInputStream(input), 512); // small: lines cross the buffer
    for (int i = 0; i < 3; i++) {
      Http1Parser.Head head;
      byte[] body;
      try {
        head = Http1Parser.readHead(in, HEAD_MAX);
        if (head == null) {
          return;
        }
        body = Http1Parser.readBody(head, in, OutputStream.nullOutputStream(), BODY_MAX);
      } catch (Http1Parser.Refused refused) {
        check(refused.refusal.status >= 400 && refused.refusal.status < 600, "a refusal is a 4xx or 5xx");
        return;
      } catch (EOFException end) {
        return; // the bytes ended inside a request: the connection closes unanswered
      }
      check(!head.method().isEmpty(), "a method");
      check(head.rawPath().startsWith("/") || head.rawPath().equals("*"), "an origin-form path: " + head.rawPath());
      check(head.rawPath().chars().allMatch(c -> c > 0x20 && c < 0x7f), "the path is printable ASCII");
      head.headers().keySet().forEach(name -> check(name.equals(name.toLowerCase(Locale.ROOT)) && !name.isEmpty(),
          "header names are lower-case and not empty"));
      head.headers().values().forEach(values -> values.forEach(v -> check(v.indexOf('\r') < 0 && v.indexOf('\n') < 0,
          "no line break in a header value")));
      check(body.length <= BODY_MAX, "a body within the limit");
      check(head.contentLength() < 0 || body.length == head.contentLength(), "a body of its declared length");
      if (!head.keepAlive()) {
        return;
      }
    }
  }
}
