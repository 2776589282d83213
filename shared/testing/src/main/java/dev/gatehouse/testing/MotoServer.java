package dev.gatehouse.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * moto in server mode ({@code python -m moto.server}), an open-source AWS emulator, on a free
 * loopback port: the DynamoDB the repository contracts run on everywhere. One server per JVM,
 * started on first use and stopped by its pid when the JVM exits; each test class makes its own
 * table ({@link #uniqueTableName}).
 *
 * <p>The Python comes from the {@code gatehouse.python} system property or the {@code
 * GATEHOUSE_PYTHON} environment variable ({@code ./gatehouse test} sets it to a Python that has
 * moto, installing {@code moto[server]} into {@code .gatehouse/venv} when needed), else {@code
 * python3}. Without moto the suite fails, naming it: a backend is never skipped silently.
 */
public final class MotoServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static MotoServer shared;

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** The JVM's server, started on first use. */
  public static synchronized MotoServer shared() {
    if (shared == null) {
      MotoServer server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "moto-server-stop"));
      shared = server;
    }
    return shared;
  }

  /** A client of the JVM's server (dummy credentials; moto accepts any). */
  public static DynamoDbClient client() {
    return shared().dynamoDb();
  }

  /** A table name no other test class uses. */
  public static String uniqueTableName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The Python that runs moto: {@code gatehouse.python}, {@code GATEHOUSE_PYTHON}, else {@code python3}. */
  public static String python() {
    String property = System.getProperty("gatehouse.python");
    if (property != null && !property.isBlank()) {
      return property;
    }
    String env = System.getenv("GATEHOUSE_PYTHON");
    return env != null && !env.isBlank() ? env : "python3";
  }

  /** Starts a server of its own; the caller closes it. */
  public static MotoServer start() {
    String python = python();
    IllegalStateException last = null;
    // The port is free when chosen and taken by moto a moment later: another process may win it
    // in between, so a server that cannot bind is started again on another port.
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path log;
      Process process;
      try {
        log = Files.createTempFile("moto-server-", ".log");
        process = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      } catch (IOException e) {
        throw new IllegalStateException("moto is not available: cannot run " + python
            + " (set GATEHOUSE_PYTHON to a Python with moto[server], or run ./gatehouse test, which installs it)", e);
      }
      MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
      try {
        server.awaitReady();
        return server;
      } catch (IllegalStateException e) {
        server.close();
        last = e;
        if (!tail(log).contains("Address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto is not available: `" + python() + " -m moto.server` exited with "
            + process.exitValue() + " (install moto[server] for that Python, set GATEHOUSE_PYTHON, or run ./gatehouse test):\n"
            + tail(log));
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(2000);
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status < 500) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      sleep(100);
    }
    throw new IllegalStateException("moto did not answer on " + endpoint + " within " + STARTUP.toSeconds() + " s:\n" + tail(log));
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The server's pid, by which it is stopped. */
  public long pid() {
    return process.pid();
  }

  public DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Stops the server by its pid (and any children): destroy, then destroy forcibly after 10 s. */
  @Override
  public void close() {
    ProcessHandle handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
      }
    } catch (InterruptedException e) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for moto", e);
    }
  }
}
