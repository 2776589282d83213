package dev.gatehouse.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The local launcher behind {@code ./gatehouse}:
 *
 * <pre>
 * serve  [--port N] [--host H] [--data DIR] [--secret sk_…] [--template FILE]
 * invoke FUNCTION EVENT.json [--data DIR] [--template FILE]
 * </pre>
 */
public final class Main {
  /** The default port of {@code ./gatehouse serve}. */
  public static final int DEFAULT_PORT = 8787;

  private Main() {}

  public static void main(String[] args) throws Exception {
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    String command = rest.isEmpty() ? "help" : rest.pop();
    try {
      switch (command) {
        case "serve" -> serve(rest);
        case "invoke" -> invoke(rest);
        default -> {
          System.err.println("usage: serve [--port N] [--host H] [--data DIR] [--secret sk_...] | invoke FUNCTION EVENT.json [--data DIR]");
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("gatehouse: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void serve(Deque<String> args) throws Exception {
    int port = DEFAULT_PORT;
    String host = "127.0.0.1";
    Optional<Path> data = Optional.empty();
    Optional<String> secret = Optional.ofNullable(System.getenv("GATEHOUSE_SECRET_KEY")).filter(s -> !s.isBlank());
    Path template = defaultTemplate();
    while (!args.isEmpty()) {
      String flag = args.pop();
      switch (flag) {
        case "--port" -> port = Integer.parseInt(value(args, flag));
        case "--host" -> host = value(args, flag);
        case "--data" -> data = Optional.of(Path.of(value(args, flag)));
        case "--secret" -> secret = Optional.of(value(args, flag));
        case "--template" -> template = Path.of(value(args, flag));
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    LocalGatehouse local = LocalGatehouse.start(SamTemplate.load(template), data, secret, List.of());
    LocalServer server = LocalServer.start(local, host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      local.close();
      stopped.countDown();
    }, "gatehouse-shutdown"));
    System.out.println("Gatehouse listening on " + server.baseUri());
    System.out.println("Secret key: " + local.secretKey());
    System.out.println("Data: " + data.map(d -> d.toAbsolutePath().toString()).orElse("in memory (use --data DIR to keep it)"));
    System.out.flush();
    stopped.await();
  }

  private static void invoke(Deque<String> args) throws Exception {
    List<String> positional = new java.util.ArrayList<>();
    Optional<Path> data = Optional.empty();
    Path template = defaultTemplate();
    while (!args.isEmpty()) {
      String arg = args.pop();
      switch (arg) {
        case "--data" -> data = Optional.of(Path.of(value(args, arg)));
        case "--template" -> template = Path.of(value(args, arg));
        default -> {
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          positional.add(arg);
        }
      }
    }
    if (positional.size() != 2) {
      throw new IllegalArgumentException("invoke needs FUNCTION and EVENT.json, e.g. invoke GetRoomFunction events/get-room.json");
    }
    String function = positional.get(0);
    Path eventFile = Path.of(positional.get(1));
    if (!Files.isReadable(eventFile)) {
      throw new IllegalArgumentException("cannot read " + eventFile);
    }
    SamTemplate sam = SamTemplate.load(template);
    if (sam.function(function).isEmpty()) {
      throw new IllegalArgumentException("no function " + function + " in " + template + "; functions: " + sam.functions().keySet());
    }
    try (LocalGatehouse local = LocalGatehouse.start(sam, data, Optional.empty(), List.of(LocalGatehouse.EVENTS_KEY))) {
      System.out.println(invoke(local, function, eventFile));
    }
    // DynamoDB Local leaves a non-daemon worker behind when it persists to disk.
    System.out.flush();
    System.exit(0);
  }

  /**
   * Runs one function on one event file and returns its result as JSON text: the event's bytes
   * in, the result's bytes out, as Lambda's runtime does for a stream handler. A function that
   * throws is reported the way Lambda reports it, as {@code errorType} and {@code errorMessage}.
   */
  static String invoke(LocalGatehouse local, String function, Path eventFile) throws java.io.IOException {
    var handler = (RequestStreamHandler) local.handler(function);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(eventFile)) {
      handler.handleRequest(in, out, new LocalContext(UUID.randomUUID().toString(), function));
    } catch (RuntimeException e) {
      ObjectNode error = new ObjectMapper().createObjectNode();
      error.put("errorType", e.getClass().getName());
      error.put("errorMessage", String.valueOf(e.getMessage()));
      return error.toString();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Path defaultTemplate() {
    return Path.of(Optional.ofNullable(System.getenv("GATEHOUSE_TEMPLATE")).orElse("template.yaml"));
  }

  private static String value(Deque<String> args, String flag) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.pop();
  }
}
