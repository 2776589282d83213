package dev.gatehouse.local.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A connection's bytes, buffered, with a line reader that scans the buffer directly: the head of
 * a request is read with one socket read and no per-byte call (a byte-at-a-time read through
 * {@code BufferedInputStream} was a tenth of the HTTP layer's CPU).
 */
public final class Http1Input extends InputStream {
  private final InputStream in;
  private final byte[] buffer;
  private int position;
  private int limit;

  public Http1Input(InputStream in, int bufferSize) {
    this.in = in;
    this.buffer = new byte[bufferSize];
  }

  /** Refills the empty buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  @Override
  public int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position == limit) {
      if (length >= buffer.length) {
        return in.read(into, offset, length); // a large body: straight from the socket
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(length, limit - position);
    System.arraycopy(buffer, position, into, offset, n);
    position += n;
    return n;
  }

  /**
   * One line without its line break (CRLF, or a bare LF), as ISO-8859-1, charged to {@code budget[0]}
   * (line break included). Returns {@code null} at the end of the stream only when {@code endAllowed}
   * and nothing of the line was read.
   *
   * @throws Http1Parser.Refused {@code HEAD_TOO_LARGE} past the budget, {@code MALFORMED} for a CR
   *     that no LF follows
   */
  String readLine(int[] budget, boolean endAllowed) throws IOException, Http1Parser.Refused {
    StringBuilder spill = null; // only for a line that crosses the end of the buffer
    while (true) {
      if (position == limit && !fill()) {
        if (endAllowed && spill == null) {
          return null;
        }
        throw new EOFException("the request ended inside a line");
      }
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      budget[0] -= (end - start) + (end < limit ? 1 : 0);
      if (budget[0] < 0) {
        throw new Http1Parser.Refused(Http1Server.Refusal.HEAD_TOO_LARGE);
      }
      if (end == limit) {
        if (spill == null) {
          spill = new StringBuilder(2 * (end - start) + 16);
        }
        spill.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
        position = limit;
        continue;
      }
      position = end + 1;
      String line = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
      if (spill != null) {
        line = spill.append(line).toString();
      }
      int length = line.length();
      if (length > 0 && line.charAt(length - 1) == '\r') {
        line = line.substring(0, length - 1);
      }
      if (line.indexOf('\r') >= 0) {
        throw new Http1Parser.Refused(Http1Server.Refusal.MALFORMED); // a CR not followed by LF
      }
      return line;
    }
  }
}
