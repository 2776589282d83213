package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./gatehouse} as a tool: help for every command, and one clear line with exit 2 for bad arguments. */
class CliIT {
  record Run(int exit, String out, List<String> errors) {}

  private static Run gatehouse(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", Repo.root().resolve("gatehouse").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(Repo.root().toFile()).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gatehouse " + String.join(" ", args) + " finishes");
    // Build progress ("gatehouse: building ...", "gatehouse:   [3/31] ...") is not an error line.
    List<String> errors = err.lines().filter(l -> !l.startsWith("gatehouse: building") && !l.startsWith("gatehouse:   ["))
        .filter(l -> !l.isBlank()).toList();
    return new Run(process.exitValue(), out, errors);
  }

  private static void refusedInOneLine(Run run, String saying) {
    assertEquals(2, run.exit(), "exit 2 for a bad argument: " + run);
    assertEquals(1, run.errors().size(), "one line: " + run.errors());
    String line = run.errors().getFirst();
    assertTrue(line.startsWith("gatehouse: ") && line.contains(saying), line);
    assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + line);
    assertFalse(run.out().contains("Gatehouse listening"), "nothing started");
  }

  @Test
  void everyCommandExplainsItselfWithoutBuildingAnything() throws Exception {
    for (String command : List.of("serve", "invoke", "test", "rehearse", "build", "bench", "jdk")) {
      Run help = gatehouse(command, "--help");
      assertEquals(0, help.exit(), command + " --help: " + help);
      assertTrue(help.out().startsWith("usage: ./gatehouse " + command), command + ": " + help.out());
      assertEquals(help.out(), gatehouse("help", command).out(), "help " + command + " says the same");
      assertEquals(List.of(), help.errors(), command);
    }
    Run overview = gatehouse("help");
    assertEquals(0, overview.exit());
    assertTrue(overview.out().contains("./gatehouse serve") && overview.out().contains("help COMMAND"), overview.out());
  }

  @Test
  void anUnknownCommandOrHelpTopicExitsTwo() throws Exception {
    assertEquals(2, gatehouse("frobnicate").exit());
    assertEquals(2, gatehouse("help", "frobnicate").exit());
  }

  @Test
  void aPortThatIsNotAPortIsOneLine() throws Exception {
    refusedInOneLine(gatehouse("serve", "--port", "abc"), "--port takes a number from 0 to 65535");
    refusedInOneLine(gatehouse("serve", "--port", "70000"), "--port takes a number from 0 to 65535");
  }

  @Test
  void aPortInUseIsOneLineNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      refusedInOneLine(gatehouse("serve", "--port", String.valueOf(port)), "port " + port + " on 127.0.0.1 is in use");
    }
  }

  @Test
  void aDataDirectoryThatCannotBeUsedIsOneLine() throws Exception {
    Path file = Files.createTempFile("gatehouse-data", ".txt");
    refusedInOneLine(gatehouse("serve", "--data", file.toString()), "is a file");
    refusedInOneLine(gatehouse("serve", "--data", file.resolve("below-a-file").toString()), "cannot create the directory");
  }

  @Test
  void anUnknownOptionIsOneLine() throws Exception {
    refusedInOneLine(gatehouse("serve", "--prot", "8787"), "unknown option --prot");
    refusedInOneLine(gatehouse("serve", "--log-format", "xml"), "--log-format takes text or json");
  }
}
