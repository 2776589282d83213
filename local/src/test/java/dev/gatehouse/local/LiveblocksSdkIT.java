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
import org.junit.jupiter.api.Test;

/**
 * The official {@code @liveblocks/node} SDK, from npm, pointed at a local Gatehouse with
 * {@code new Liveblocks({ secret, baseUrl })}: every test file in {@code local/src/test/node} runs
 * under {@code node --test}. Skipped, with the reason, where Node.js is absent.
 */
class LiveblocksSdkIT {
  private static LocalGatehouse local;
  private static LocalServer server;
  private static Path project;

  @BeforeAll
  static void start() throws Exception {
    String reason = NodeProject.unavailableReason();
    Assumptions.assumeTrue(reason == null, () -> "Node.js is needed for the SDK tests: " + reason);
    project = NodeProject.install();
    local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.empty(), List.of());
    server = LocalServer.start(local, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (local != null) {
      local.close();
    }
  }

  @Test
  void roomCrudWorksUnchangedThroughTheOfficialSdk() throws Exception {
    runNodeTests("rooms.test.mjs");
  }

  @Test
  void tokensRoundTripThroughTheOfficialSdk() throws Exception {
    runNodeTests("tokens.test.mjs");
  }

  private static void runNodeTests(String file) throws Exception {
    NodeProject.Result result = NodeProject.run(project,
        Map.of("GATEHOUSE_URL", server.baseUri().toString(), "GATEHOUSE_SECRET", local.secretKey()),
        300, "node", "--test", "--test-reporter=spec", file);
    System.out.println(result.output());
    assertEquals(0, result.exitCode(), "node --test " + file + " failed:\n" + result.output());
    java.util.regex.Matcher passed = java.util.regex.Pattern.compile("pass (\\d+)").matcher(result.output());
    assertTrue(passed.find() && Integer.parseInt(passed.group(1)) > 0, "no SDK test ran:\n" + result.output());
    assertTrue(result.output().contains("fail 0"), result.output());
  }
}
