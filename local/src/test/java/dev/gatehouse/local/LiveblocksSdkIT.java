package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import dev.gatehouse.testing.MotoServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official {@code @liveblocks/node} SDK, from npm, pointed at a local Gatehouse with
 * {@code new Liveblocks({ secret, baseUrl })}: every test file in {@code local/src/test/node} runs
 * under {@code node --test}, against both stores the local server offers: the embedded SQL store
 * (the default) and a DynamoDB table on moto ({@code --dynamodb-endpoint}). Skipped, with the
 * reason, where Node.js is absent.
 */
class LiveblocksSdkIT {
  private static final Map<String, LocalGatehouse> LOCAL = new java.util.LinkedHashMap<>();
  private static final Map<String, LocalServer> SERVER = new java.util.LinkedHashMap<>();
  private static Path project;

  @BeforeAll
  static void start() throws Exception {
    String reason = NodeProject.unavailableReason();
    Assumptions.assumeTrue(reason == null, () -> "Node.js is needed for the SDK tests: " + reason);
    project = NodeProject.install();
    LOCAL.put("embedded", LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.empty(), List.of()));
    LOCAL.put("dynamodb", LocalGatehouse.start(Repo.template(),
        new LocalStore.DynamoDb(MotoServer.client(), MotoServer.uniqueTableName("sdk"), true), Optional.empty(), Optional.empty(),
        List.of(), java.time.Clock.systemUTC()));
    for (Map.Entry<String, LocalGatehouse> e : LOCAL.entrySet()) {
      SERVER.put(e.getKey(), LocalServer.start(e.getValue(), "127.0.0.1", 0));
    }
  }

  @AfterAll
  static void stop() {
    SERVER.values().forEach(LocalServer::close);
    LOCAL.values().forEach(LocalGatehouse::close);
  }

  @ParameterizedTest(name = "on the {0} store")
  @ValueSource(strings = {"embedded", "dynamodb"})
  void roomCrudWorksUnchangedThroughTheOfficialSdk(String store) throws Exception {
    runNodeTests(store, "rooms.test.mjs");
  }

  @ParameterizedTest(name = "on the {0} store")
  @ValueSource(strings = {"embedded", "dynamodb"})
  void tokensRoundTripThroughTheOfficialSdk(String store) throws Exception {
    runNodeTests(store, "tokens.test.mjs");
  }

  @ParameterizedTest(name = "on the {0} store")
  @ValueSource(strings = {"embedded", "dynamodb"})
  void webhooksAreSignedAsTheSdksWebhookHandlerVerifies(String store) throws Exception {
    runNodeTests(store, "webhooks.test.mjs");
  }

  @ParameterizedTest(name = "on the {0} store")
  @ValueSource(strings = {"embedded", "dynamodb"})
  void groupsWorkAsTheSdkCallsThemAndResolveAtCheckTime(String store) throws Exception {
    runNodeTests(store, "groups.test.mjs");
  }

  private static void runNodeTests(String store, String file) throws Exception {
    NodeProject.Result result = NodeProject.run(project,
        Map.of("GATEHOUSE_URL", SERVER.get(store).baseUri().toString(), "GATEHOUSE_SECRET", LOCAL.get(store).secretKey()),
        300, "node", "--test", "--test-reporter=spec", file);
    System.out.println(result.output());
    assertEquals(0, result.exitCode(), "node --test " + file + " failed:\n" + result.output());
    java.util.regex.Matcher passed = java.util.regex.Pattern.compile("pass (\\d+)").matcher(result.output());
    assertTrue(passed.find() && Integer.parseInt(passed.group(1)) > 0, "no SDK test ran:\n" + result.output());
    assertTrue(result.output().contains("fail 0"), result.output());
  }
}
