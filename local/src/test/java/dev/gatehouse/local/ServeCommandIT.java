package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.gatehouse.testing.MotoServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The README's first command, run as a user would: {@code ./gatehouse serve}. */
class ServeCommandIT {
  private static final Pattern LISTENING = Pattern.compile("^Gatehouse listening on (http://127\\.0\\.0\\.1:\\d+)$");
  private static final Pattern KEY = Pattern.compile("^Secret key: (sk_[A-Za-z0-9_-]+)$");

  record Started(Process process, String url, String key) {}

  private static Started serve(String... extra) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", Repo.root().resolve("gatehouse").toString(), "serve", "--port", "0"));
    command.addAll(java.util.List.of(extra));
    Process process = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    Matcher listening = LISTENING.matcher(String.valueOf(first));
    assertTrue(listening.matches(), "first line: " + first);
    Matcher key = KEY.matcher(String.valueOf(out.readLine()));
    assertTrue(key.matches(), "the key is printed");
    return new Started(process, listening.group(1), key.group(1));
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy(); // SIGTERM: the shutdown hook closes the store cleanly
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "serve stops on SIGTERM");
  }

  @Test
  void serveRunsAndKeepsDataWithDataDir() throws Exception {
    Path data = Files.createTempDirectory("gatehouse-serve");
    HttpClient http = HttpClient.newHttpClient();
    Started first = serve("--data", data.toString());
    try {
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(first.url() + "/v2/rooms"))
          .header("Authorization", "Bearer " + first.key())
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"from-serve\",\"defaultAccesses\":[\"*:write\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, created.statusCode(), created.body());
    } finally {
      stop(first.process());
    }
    Started second = serve("--data", data.toString());
    try {
      assertEquals(first.key(), second.key());
      HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(second.url() + "/v2/rooms/from-serve"))
          .header("Authorization", "Bearer " + second.key()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, got.statusCode(), got.body());
    } finally {
      stop(second.process());
    }
  }

  @Test
  void aGivenSecretIsTheOneInUse() throws Exception {
    Started started = serve("--secret", "sk_fixed_key_for_this_test_123456");
    try {
      assertEquals("sk_fixed_key_for_this_test_123456", started.key());
    } finally {
      stop(started.process());
    }
  }
  @Test
  void serveOnADynamoDbEndpointCreatesTheTableAndWritesThere() throws Exception {
    String table = MotoServer.uniqueTableName("serve");
    Started started = serve("--dynamodb-endpoint", MotoServer.shared().endpoint().toString(), "--table", table);
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(started.url() + "/v2/rooms"))
          .header("Authorization", "Bearer " + started.key())
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"on-moto\",\"defaultAccesses\":[\"*:write\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, created.statusCode(), created.body());
      // The room is in that table, where the functions in AWS would find it.
      var item = MotoServer.client().getItem(b -> b.tableName(table)
          .key(java.util.Map.of("PK", AttributeValue.fromS("ROOMID#on-moto"), "SK", AttributeValue.fromS("ROOMID")))).item();
      assertEquals("on-moto", item.get("roomId").s());
    } finally {
      stop(started.process());
    }
  }

  @Test
  void conflictingStoreFlagsAreRefusedByName() throws Exception {
    Process process = new ProcessBuilder("bash", Repo.root().resolve("gatehouse").toString(), "serve", "--port", "0", "--table", "t")
        .directory(Repo.root().toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("--table needs --dynamodb-endpoint URL or --dynamodb"), output);
  }
}
