package dev.gatehouse.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The local server's HTTP/1.1: one thread per connection that reads a request, answers it and
 * reads the next (keep-alive), with blocking socket calls: a request costs one read and one write.
 * {@code com.sun.net.httpserver} hands every request from a selector thread to a worker and back (a
 * wake-up, two mode switches and an epoll registration per request): measured under the official
 * SDK, its threads were about 40% of a room read's CPU. Platform threads, not virtual ones: a
 * virtual thread's read that would block goes through the JDK's poller, which measured 0.04 ms of
 * CPU per room read more (docs/performance.md §4). At most {@value #MAX_CONNECTIONS} connections.
 *
 * <p>What it accepts is strict, as a proxy in front of it would be: a request line and headers of
 * at most {@value #HEAD_MAX_BYTES} bytes (431 beyond), {@code Content-Length} or {@code
 * Transfer-Encoding: chunked} framing but never both (400), a body of at most the configured size
 * (413, before reading it), {@code Expect: 100-continue}. Every framing failure is answered through
 * {@link Handler#refuse} and closes the connection; the request never reaches the handler.
 */
public final class Http1Server implements AutoCloseable {
  /** The request line and header fields together. */
  public static final int HEAD_MAX_BYTES = 64 * 1024;
  /** An idle keep-alive connection, or a client that stops sending mid-request, is closed after this. */
  static final int READ_TIMEOUT_MILLIS = 60_000;
  /** How long, and how much, a refused request's unread rest is read before its connection closes. */
  static final int LINGER_MILLIS = 2_000;
  static final long LINGER_MAX_BYTES = 16L * 1024 * 1024;
  static final int MAX_CONNECTIONS = 1024;

  /** What the server calls: one request in, one response out; and the answer to a refused request. */
  public interface Handler {
    Http1Response handle(Http1Request request);

    /** The response to a request refused before it reached {@link #handle}. */
    Http1Response refuse(Refusal refusal);
  }

  /** Why a request was refused before reaching the handler, with its status. */
  public enum Refusal {
    MALFORMED(400, "The request is not well-formed HTTP/1.1."),
    AMBIGUOUS_LENGTH(400, "The request has both Content-Length and Transfer-Encoding, or conflicting Content-Lengths."),
    HEAD_TOO_LARGE(431, "The request line and headers exceed " + HEAD_MAX_BYTES + " bytes."),
    BODY_TOO_LARGE(413, "The request body is larger than the server accepts."),
    EXPECTATION_FAILED(417, "Only Expect: 100-continue is supported."),
    UNSUPPORTED_TRANSFER_ENCODING(501, "Only Transfer-Encoding: chunked is supported."),
    UNSUPPORTED_VERSION(505, "Only HTTP/1.0 and HTTP/1.1 are supported.");

    public final int status;
    public final String message;

    Refusal(int status, String message) {
      this.status = status;
      this.message = message;
    }
  }

  private final ServerSocket listener;
  private final Handler handler;
  private final int bodyMaxBytes;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
  private final Thread acceptor;
  private volatile boolean closed;

  private Http1Server(ServerSocket listener, Handler handler, int bodyMaxBytes) {
    this.listener = listener;
    this.handler = handler;
    this.bodyMaxBytes = bodyMaxBytes;
    this.acceptor = Thread.ofPlatform().name("gatehouse-http-accept").daemon(false).unstarted(this::acceptLoop);
  }

  /** Listens on {@code host:port} (0: any free port) and serves until {@link #close}. */
  public static Http1Server start(String host, int port, int bodyMaxBytes, Handler handler) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1024);
    Http1Server server = new Http1Server(listener, handler, bodyMaxBytes);
    server.acceptor.start();
    return server;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // one failed accept (the client went away) does not stop the server
      }
      if (!connections.tryAcquire()) {
        closeQuietly(socket); // over the limit: refuse the connection rather than queue it
        continue;
      }
      open.add(socket);
      Thread.ofPlatform().name("gatehouse-http").daemon(true).start(() -> {
        try {
          serve(socket);
        } finally {
          open.remove(socket);
          closeQuietly(socket);
          connections.release();
        }
      });
    }
  }

  /** Requests of one connection, one after the other, until either side closes it. */
  private void serve(Socket socket) {
    try {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      Http1Input in = new Http1Input(socket.getInputStream(), 16 * 1024);
      OutputStream out = socket.getOutputStream();
      InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
      InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
      boolean keepAlive = true;
      while (keepAlive && !closed) {
        Http1Parser.Head head;
        try {
          head = Http1Parser.readHead(in, HEAD_MAX_BYTES);
        } catch (Http1Parser.Refused r) {
          write(out, handler.refuse(r.refusal), "GET", "HTTP/1.1", false);
          drainBeforeClose(socket);
          return;
        }
        if (head == null) {
          return; // the client closed between requests
        }
        byte[] body;
        try {
          body = Http1Parser.readBody(head, in, out, bodyMaxBytes);
        } catch (Http1Parser.Refused r) {
          write(out, handler.refuse(r.refusal), head.method(), head.protocol(), false);
          drainBeforeClose(socket);
          return;
        }
        keepAlive = head.keepAlive();
        Http1Response response = handler.handle(new Http1Request(head.method(), head.rawPath(), head.rawQuery(),
            head.protocol(), head.headers(), body, remote, local));
        write(out, response, head.method(), head.protocol(), keepAlive);
      }
    } catch (SocketTimeoutException | SocketException gone) {
      // Idle past the timeout, reset by the client, or closed by close(): nothing to answer.
    } catch (IOException e) {
      // The same, reported as a plain I/O failure (a half-sent request, a broken pipe).
    }
  }

  /**
   * After a refusal answered mid-request: stop sending, then read and drop what the client is still
   * sending (for at most {@link #LINGER_MILLIS} and {@link #LINGER_MAX_BYTES}), as nginx's
   * lingering close does. Closing a socket with unread input resets the connection, and a reset
   * can destroy the answer before the client has read it.
   */
  private static void drainBeforeClose(Socket socket) {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout(LINGER_MILLIS);
      java.io.InputStream in = socket.getInputStream();
      byte[] sink = new byte[64 * 1024];
      long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
      long dropped = 0;
      while (dropped < LINGER_MAX_BYTES && System.nanoTime() < deadline) {
        int n = in.read(sink);
        if (n < 0) {
          return;
        }
        dropped += n;
      }
    } catch (IOException gone) {
      // The client stopped sending or closed: nothing left to protect.
    }
  }

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);
  private static volatile long dateSecond;
  private static volatile String dateValue = "";

  /** {@code Date}, formatted once a second. */
  private static String date() {
    long now = System.currentTimeMillis() / 1000;
    if (now != dateSecond) {
      dateValue = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
      dateSecond = now;
    }
    return dateValue;
  }

  /** The whole response in one write: status line, headers, framing, body. */
  private static void write(OutputStream out, Http1Response response, String method, String protocol, boolean keepAlive)
      throws IOException {
    int status = response.status();
    boolean bodyless = status == 204 || status == 304 || (status >= 100 && status < 200);
    byte[] body = bodyless ? new byte[0] : response.body();
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(Http1Response.reason(status)).append("\r\n");
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    head.append("Date: ").append(date()).append("\r\n");
    if (!bodyless) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    if (!keepAlive) {
      head.append("Connection: close\r\n");
    } else if (protocol.equals("HTTP/1.0")) {
      head.append("Connection: keep-alive\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    boolean sendBody = !method.equals("HEAD") && body.length > 0;
    if (sendBody && headBytes.length + body.length <= 256 * 1024) {
      ByteArrayOutputStream whole = new ByteArrayOutputStream(headBytes.length + body.length);
      whole.write(headBytes);
      whole.write(body);
      whole.writeTo(out);
    } else {
      out.write(headBytes);
      if (sendBody) {
        out.write(body);
      }
    }
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    open.forEach(Http1Server::closeQuietly);
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing
    }
  }
}
