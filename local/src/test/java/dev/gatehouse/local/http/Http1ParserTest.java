package dev.gatehouse.local.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines and bodies that cross the input buffer's end read as if the buffer were whole. */
class Http1ParserTest {
  private static final String REQUEST = "POST /v2/rooms?x=1 HTTP/1.1\r\nHost: localhost\r\nX-Long: "
      + "v".repeat(100) + "\r\nContent-Length: 11\r\n\r\n{\"id\":\"r\"}\n";

  @Test
  void everyBufferSizeReadsTheSameRequests() throws Exception {
    for (int size = 1; size <= 64; size++) {
      Http1Input in = new Http1Input(new ByteArrayInputStream((REQUEST + REQUEST).getBytes(StandardCharsets.ISO_8859_1)), size);
      for (int i = 0; i < 2; i++) {
        Http1Parser.Head head = Http1Parser.readHead(in, 4096);
        assertEquals("/v2/rooms", head.rawPath(), "buffer of " + size);
        assertEquals("x=1", head.rawQuery());
        assertEquals(List.of("v".repeat(100)), head.headers().get("x-long"));
        assertArrayEquals("{\"id\":\"r\"}\n".getBytes(StandardCharsets.UTF_8),
            Http1Parser.readBody(head, in, OutputStream.nullOutputStream(), 100));
      }
      assertNull(Http1Parser.readHead(in, 4096), "the stream ends between requests");
    }
  }
}
