package dev.gatehouse.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local as AWS ships it, serving its HTTP API on a loopback port of this JVM, for
 * callers in other processes (the benchmarks' function JVMs), with a client that talks to it as
 * a function talks to DynamoDB (the SDK's JSON protocol, SigV4 with throwaway credentials, the
 * URL-connection client). Every caller shares one database ({@code -sharedDb}), whatever
 * credentials it signs with. In one JVM the embedded engine ({@link DynamoDbLocal}) is cheaper
 * per small item; measured in docs/performance.md.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final DynamoDbClient client;
  private final URI endpoint;

  private DynamoDbLocalServer(DynamoDBProxyServer server, DynamoDbClient client, URI endpoint) {
    this.server = server;
    this.client = client;
    this.endpoint = endpoint;
  }

  /**
   * Starts an engine: in memory when {@code dataDirectory} is null, else persisted in {@code
   * shared-local-instance.db} inside it.
   */
  public static DynamoDbLocalServer start(File dataDirectory) {
    if (dataDirectory != null) {
      if (!dataDirectory.isDirectory() && !dataDirectory.mkdirs()) {
        throw new IllegalStateException("cannot create " + dataDirectory);
      }
      // Data directories of earlier versions hold the embedded engine's file under another name.
      File earlier = new File(dataDirectory, "gatehouse-dynamodb.db");
      File current = new File(dataDirectory, "shared-local-instance.db");
      if (earlier.isFile() && !current.exists() && !earlier.renameTo(current)) {
        throw new IllegalStateException("cannot rename " + earlier + " to " + current);
      }
    }
    // The URL-connection client keeps 5 idle connections per host by default; a local server
    // under concurrent load would otherwise open a new connection for most calls.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "64");
    }
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry", "-sharedDb"));
      if (dataDirectory == null) {
        args.add("-inMemory");
      } else {
        args.addAll(List.of("-dbPath", dataDirectory.getAbsolutePath()));
      }
      // The engine prints its configuration banner to stdout; keep a server's output its own.
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        return new DynamoDbLocalServer(server, client(endpoint), endpoint);
      } catch (Exception e) {
        last = e; // another process took the port between the probe and the bind
      } finally {
        System.setOut(stdout);
      }
    }
    throw new IllegalStateException("DynamoDB Local did not start", last);
  }

  /** A client for an engine at {@code endpoint}: fixed region, throwaway credentials, no provider chain. */
  public static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public DynamoDbClient dynamoDbClient() {
    return client;
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    client.close();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on this machine", e);
    }
  }
}
