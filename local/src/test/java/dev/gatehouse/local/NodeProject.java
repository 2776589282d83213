package dev.gatehouse.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Node.js project in {@code local/src/test/node}: the official Liveblocks SDK pinned by its
 * lock file, installed with {@code npm ci} into {@code target/} (the source tree stays clean).
 */
final class NodeProject {
  private NodeProject() {}

  /** The reason Node.js cannot run here, or null when node and npm both answer. */
  static String unavailableReason() {
    for (String tool : List.of("node", "npm")) {
      try {
        Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          return tool + " --version failed";
        }
      } catch (IOException e) {
        return tool + " is not installed (" + e.getMessage() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return null;
  }

  /** Copies the project into target/ and runs npm ci once per build. */
  static synchronized Path install() throws IOException, InterruptedException {
    Path source = Repo.root().resolve("local/src/test/node");
    Path target = Repo.root().resolve("local/target/node-sdk-tests");
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!Files.isDirectory(target.resolve("node_modules/@liveblocks/node"))) {
      Result npm = run(target, Map.of(), 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      if (npm.exitCode() != 0) {
        throw new IllegalStateException("npm ci failed:\n" + npm.output());
      }
    }
    return target;
  }

  record Result(int exitCode, String output) {}

  static Result run(Path directory, Map<String, String> env, int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Path log = Files.createTempFile("node", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out after " + timeoutSeconds + "s\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(process.exitValue(), output);
  }
}
