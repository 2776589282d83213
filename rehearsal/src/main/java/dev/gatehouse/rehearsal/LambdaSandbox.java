package dev.gatehouse.rehearsal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment of one function, as Lambda runs a SnapStart function: a fresh JVM
 * with the managed runtime's flags runs AWS's runtime interface client on the function's
 * deployable artifact, against this class's Runtime API. The client initializes the handler,
 * runs the {@code beforeCheckpoint} hooks, asks {@code /restore/next} (the snapshot is taken
 * there), runs the {@code afterRestore} hooks, then asks for invocations, one at a time.
 */
final class LambdaSandbox implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** What the function answered to one invocation. */
  record Outcome(boolean error, String body, long millis, String requestId) {}

  private record Invocation(String id, byte[] event, long deadlineMs, CompletableFuture<Outcome> answer, long[] pickedNanos) {}

  private final String name;
  private final HttpServer api;
  private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private final Path log;
  private final long startedNanos;
  private volatile long restoredNanos;
  private volatile long firstNextNanos;
  private volatile String restoreError;
  private final Process process;
  private final String functionArn;
  private final Duration timeout;

  /**
   * @param classpath the runtime's own libraries, then the function's artifact
   * @param environment exactly the variables the function gets; nothing of this process leaks in
   */
  LambdaSandbox(String name, String functionArn, List<Path> classpath, String handler, List<String> jvmFlags,
      Map<String, String> environment, Duration timeout, Path work) throws IOException {
    this.name = name;
    this.functionArn = functionArn;
    this.timeout = timeout;
    this.api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    api.createContext(PREFIX, this::handle);
    api.start();
    this.log = work.resolve(name + ".log");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(handler);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .directory(work.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
    builder.environment().put("_HANDLER", handler);
    startedNanos = System.nanoTime();
    process = builder.start();
  }

  /** Invokes the function once and waits for its answer, within its timeout (plus the start, the first time). */
  Outcome invoke(String event) throws Exception {
    boolean first = restoredNanos == 0;
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    Invocation invocation = new Invocation(UUID.randomUUID().toString(), event.getBytes(StandardCharsets.UTF_8),
        deadline, new CompletableFuture<>(), new long[1]);
    queue.add(invocation);
    long waitUntil = System.nanoTime() + timeout.toNanos() + (first ? TimeUnit.SECONDS.toNanos(120) : 0);
    while (true) {
      try {
        return invocation.answer().get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        if (initError.isDone()) {
          throw new IllegalStateException("init failed: " + initError.get());
        }
        if (restoreError != null) {
          throw new IllegalStateException("restore failed: " + restoreError);
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("the runtime exited (" + process.exitValue() + ") without answering");
        }
        if (System.nanoTime() > waitUntil) {
          throw new IllegalStateException("no answer within the function's timeout (" + timeout.toSeconds() + " s)");
        }
      }
    }
  }

  /** Milliseconds from the JVM's start to the snapshot (init and the before-checkpoint hooks), or -1. */
  long millisToSnapshot() {
    return restoredNanos == 0 ? -1 : (restoredNanos - startedNanos) / 1_000_000;
  }

  /** Milliseconds from the restore to the runtime's first request for work (the after-restore hooks), or -1. */
  long restoreHookMillis() {
    return firstNextNanos == 0 ? -1 : (firstNextNanos - restoredNanos) / 1_000_000;
  }

  /** The last lines the function printed, for a failure report. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  Path log() {
    return log;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
    byte[] body = exchange.getRequestBody().readAllBytes();
    String text = new String(body, StandardCharsets.UTF_8);
    switch (path) {
      case "invocation/next" -> next(exchange);
      case "init/error" -> {
        initError.complete(text);
        reply(exchange, 202, "{}");
      }
      case "restore/next" -> {
        restoredNanos = System.nanoTime(); // the snapshot point: what ran before is in the snapshot
        reply(exchange, 200, "");
      }
      case "restore/error" -> {
        restoreError = text;
        reply(exchange, 202, "{}");
      }
      default -> {
        if (path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
          String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
          Invocation invocation = inFlight.remove(id);
          if (invocation == null) {
            reply(exchange, 400, "{\"errorMessage\":\"unknown request id\"}");
            return;
          }
          // Lambda's "Duration": from handing the event over to the answer.
          invocation.answer().complete(new Outcome(path.endsWith("/error"), text,
              (System.nanoTime() - invocation.pickedNanos()[0]) / 1_000_000, invocation.id()));
          reply(exchange, 202, "{}");
        } else {
          reply(exchange, 404, "");
        }
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    if (restoredNanos == 0) {
      restoredNanos = now; // a function without SnapStart asks for work straight after init
    }
    if (firstNextNanos == 0) {
      firstNextNanos = now;
    }
    Invocation invocation;
    try {
      invocation = queue.take(); // the environment is frozen here until there is work
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    invocation.pickedNanos()[0] = System.nanoTime();
    inFlight.put(invocation.id(), invocation);
    var headers = exchange.getResponseHeaders();
    headers.add("Lambda-Runtime-Aws-Request-Id", invocation.id());
    headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMs()));
    headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn + ":live");
    headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
    // The client's native half reads these two without checking that they are there.
    headers.add("Lambda-Runtime-Client-Context", "");
    headers.add("Lambda-Runtime-Cognito-Identity", "");
    headers.add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, invocation.event().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(invocation.event());
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    api.stop(0);
  }

  @Override
  public String toString() {
    return name;
  }
}
