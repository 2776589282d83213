package dev.gatehouse.bench.coldstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The part of the Lambda Runtime API a cold start touches: the runtime interface client asks
 * {@code /invocation/next} for the event and posts the result (or an error). One invocation per
 * arming; a second {@code next} is left hanging, as Lambda freezes the sandbox there.
 */
final class RuntimeApiStub implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** What the function answered, and when the answer arrived. */
  record Outcome(boolean error, String body, long receivedNanos) {}

  private final HttpServer server;
  private volatile byte[] event;
  private volatile String requestId;
  private volatile CompletableFuture<Outcome> outcome = new CompletableFuture<>();

  RuntimeApiStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(PREFIX, this::handle);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Prepares the next invocation. */
  void arm(String eventJson) {
    event = eventJson.getBytes(StandardCharsets.UTF_8);
    requestId = UUID.randomUUID().toString();
    outcome = new CompletableFuture<>();
  }

  /** Waits for the answer of {@code process}; fails at once if the process dies without one. */
  Outcome await(Process process, long timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      try {
        return outcome.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        if (!process.isAlive() && !outcome.isDone()) {
          throw new IllegalStateException("the process exited (" + process.exitValue() + ") without answering");
        }
      }
    }
    throw new IllegalStateException("no answer within " + timeoutSeconds + " s");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
    byte[] body = exchange.getRequestBody().readAllBytes();
    long now = System.nanoTime();
    if (path.equals("invocation/next")) {
      byte[] next = event;
      event = null;
      if (next == null) {
        return; // the sandbox "freezes" here until the harness ends the process
      }
      exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
      exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
      exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
          "arn:aws:lambda:us-east-1:000000000000:function:gatehouse-bench");
      exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
      // The runtime client's native half reads these two without checking they are there
      // (it crashes without them); empty, as for an invocation that carries neither.
      exchange.getResponseHeaders().add("Lambda-Runtime-Client-Context", "");
      exchange.getResponseHeaders().add("Lambda-Runtime-Cognito-Identity", "");
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      reply(exchange, 200, next);
      return;
    }
    boolean error = path.endsWith("/error");
    if (error || path.endsWith("/response")) {
      outcome.complete(new Outcome(error, new String(body, StandardCharsets.UTF_8), now));
      reply(exchange, 202, "{}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    reply(exchange, 404, new byte[0]);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
