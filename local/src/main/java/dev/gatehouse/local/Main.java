package dev.gatehouse.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.gatehouse.telemetry.AccessLine;
import dev.gatehouse.telemetry.AccessLog;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local launcher behind {@code ./gatehouse}:
 *
 * <pre>
 * serve  [--port N] [--host H] [--data DIR] [--secret sk_…] [--template FILE] [--log-format text|json]
 *        [--log-user-ids] [STORE]
 * invoke FUNCTION EVENT.json [--data DIR] [--template FILE] [STORE]
 *
 * STORE: the embedded SQL store by default; --dynamodb-endpoint URL [--table NAME] (an emulator,
 * the table created when missing) or --dynamodb [--table NAME] (AWS, never created)
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
          System.err.println("usage: serve [--port N] [--host H] [--data DIR] [--secret sk_...] [--log-format text|json] [--log-user-ids] [STORE]"
              + " | invoke FUNCTION EVENT.json [--data DIR] [STORE]"
              + "; STORE: --dynamodb-endpoint URL [--table NAME] | --dynamodb [--table NAME]");
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("gatehouse: " + e.getMessage());
      System.exit(2);
    } catch (IllegalStateException | dev.gatehouse.errors.StorageException e) {
      // A store that cannot be used (a missing table, a data directory in use): its own words.
      System.err.println("gatehouse: " + e.getMessage());
      System.exit(1);
    } catch (Exception e) {
      // Anything else in one line too; GATEHOUSE_DEBUG=1 shows the stack trace.
      System.err.println("gatehouse: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      if (System.getenv("GATEHOUSE_DEBUG") != null) {
        e.printStackTrace();
      }
      System.exit(1);
    }
  }

  private static void serve(Deque<String> args) throws Exception {
    int port = DEFAULT_PORT;
    String host = "127.0.0.1";
    Optional<Path> data = Optional.empty();
    Optional<String> secret = Optional.ofNullable(System.getenv("GATEHOUSE_SECRET_KEY")).filter(s -> !s.isBlank());
    Path template = defaultTemplate();
    StoreFlags store = new StoreFlags();
    AccessLog.Format logFormat = AccessLog.Format.TEXT;
    boolean logUserIds = false;
    while (!args.isEmpty()) {
      String flag = args.pop();
      switch (flag) {
        case "--port" -> port = port(value(args, flag));
        case "--log-format" -> logFormat = switch (value(args, flag)) {
          case "text" -> AccessLog.Format.TEXT;
          case "json" -> AccessLog.Format.JSON;
          default -> throw new IllegalArgumentException("--log-format takes text or json");
        };
        case "--log-user-ids" -> logUserIds = true;
        case "--host" -> host = value(args, flag);
        case "--data" -> data = Optional.of(dataDirectory(value(args, flag)));
        case "--secret" -> secret = Optional.of(value(args, flag));
        case "--template" -> template = Path.of(value(args, flag));
        default -> {
          if (!store.accept(flag, args)) {
            throw new IllegalArgumentException("unknown option " + flag);
          }
        }
      }
    }
    Optional<DynamoDbOption> dynamo = store.option();
    DynamoDbClient client = dynamo.map(DynamoDbOption::client).orElse(null);
    LocalGatehouse local;
    try {
      local = LocalGatehouse.start(SamTemplate.load(template), dynamo.map(d -> d.store(client)).orElse(LocalStore.embedded()),
          data, secret, List.of(), java.time.Clock.systemUTC());
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      throw e;
    }
    // One line per request on stdout, as each function writes it in Lambda (there always as JSON).
    AccessLog.configure(logFormat, AccessLine.Level.INFO, logUserIds, System.out::println);
    LocalServer server;
    try {
      server = LocalServer.start(local, host, port);
    } catch (java.net.BindException inUse) {
      local.close();
      throw new IllegalArgumentException(port == 0 ? "cannot bind " + host + ": " + inUse.getMessage()
          : "port " + port + " on " + host + " is in use (another ./gatehouse serve?); pick another with --port N, or --port 0 for a free one");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      local.close();
      if (client != null) {
        client.close();
      }
      stopped.countDown();
    }, "gatehouse-shutdown"));
    System.out.println("Gatehouse listening on " + server.baseUri());
    System.out.println("Secret key: " + local.secretKey());
    if (dynamo.isPresent()) {
      System.out.println("Store: " + dynamo.get().describe(dynamo.get().region())
          + data.map(d -> "; keys kept in " + d.toAbsolutePath()).orElse(""));
    } else {
      System.out.println("Data: " + data.map(d -> d.toAbsolutePath().toString()).orElse("in memory (use --data DIR to keep it)"));
    }
    System.out.flush();
    stopped.await();
  }

  private static void invoke(Deque<String> args) throws Exception {
    List<String> positional = new java.util.ArrayList<>();
    Optional<Path> data = Optional.empty();
    Path template = defaultTemplate();
    StoreFlags store = new StoreFlags();
    while (!args.isEmpty()) {
      String arg = args.pop();
      switch (arg) {
        case "--data" -> data = Optional.of(dataDirectory(value(args, arg)));
        case "--template" -> template = Path.of(value(args, arg));
        default -> {
          if (store.accept(arg, args)) {
            continue;
          }
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
    Optional<DynamoDbOption> dynamo = store.option();
    // The function's access line on stderr (stdout is its result), as it would be in its log.
    AccessLog.configure(AccessLog.Format.TEXT, AccessLine.Level.INFO, false, System.err::println);
    try (DynamoDbClient client = dynamo.map(DynamoDbOption::client).orElse(null);
        LocalGatehouse local = LocalGatehouse.start(sam, dynamo.map(d -> d.store(client)).orElse(LocalStore.embedded()), data,
            Optional.empty(), List.of(LocalGatehouse.EVENTS_KEY), java.time.Clock.systemUTC())) {
      System.out.println(invoke(local, function, eventFile));
    }
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

  /** The store flags serve and invoke share. */
  private static final class StoreFlags {
    private Optional<java.net.URI> endpoint = Optional.empty();
    private boolean aws;
    private Optional<String> table = Optional.empty();

    boolean accept(String flag, Deque<String> args) {
      switch (flag) {
        case "--dynamodb-endpoint" -> endpoint = Optional.of(endpoint(value(args, flag)));
        case "--dynamodb" -> aws = true;
        case "--table" -> table = Optional.of(value(args, flag));
        default -> {
          return false;
        }
      }
      return true;
    }

    Optional<DynamoDbOption> option() {
      if (aws && endpoint.isPresent()) {
        throw new IllegalArgumentException("--dynamodb (AWS) and --dynamodb-endpoint URL (an emulator) exclude each other");
      }
      if (!aws && endpoint.isEmpty()) {
        if (table.isPresent()) {
          throw new IllegalArgumentException("--table needs --dynamodb-endpoint URL or --dynamodb");
        }
        return Optional.empty();
      }
      return Optional.of(new DynamoDbOption(endpoint, table.orElse(DynamoDbOption.DEFAULT_TABLE)));
    }

    private static java.net.URI endpoint(String value) {
      try {
        java.net.URI uri = new java.net.URI(value);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
          return uri;
        }
      } catch (java.net.URISyntaxException bad) {
        // reported below
      }
      throw new IllegalArgumentException("--dynamodb-endpoint needs an http(s) URL, e.g. http://127.0.0.1:5000; got " + value);
    }
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException("--port takes a number from 0 to 65535 (0: any free port); got \"" + value + "\"");
  }

  /** A data directory that exists (or is created now) and can be written: checked before anything starts. */
  private static Path dataDirectory(String value) {
    Path dir = Path.of(value);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--data " + value + " is a file; give a directory (it is created if missing)");
    }
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException | SecurityException e) {
      String why = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason().toLowerCase(java.util.Locale.ROOT)
          : e instanceof java.nio.file.AccessDeniedException || e instanceof SecurityException ? "permission denied" : "an I/O error";
      throw new IllegalArgumentException("--data " + value + ": cannot create the directory (" + why + ")");
    }
    if (!Files.isWritable(dir) || !Files.isReadable(dir)) {
      throw new IllegalArgumentException("--data " + value + " cannot be read and written by this user");
    }
    Path database = dir.resolve("gatehouse.db");
    if (Files.exists(database) && (!Files.isReadable(database) || !Files.isWritable(database))) {
      throw new IllegalArgumentException("--data " + value + ": " + database.getFileName() + " cannot be read and written by this user");
    }
    return dir;
  }

  private static String value(Deque<String> args, String flag) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.pop();
  }
}
