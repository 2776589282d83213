package dev.gatehouse.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.bench.Stats;
import dev.gatehouse.bench.fixture.FunctionFixture;
import dev.gatehouse.bench.fixture.Jars;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts as Lambda has them: for each function of {@code template.yaml}, a fresh JVM with
 * Lambda's flags runs the real runtime interface client against a stub of the Runtime API, is
 * handed the function's {@code events/} file, and is timed from process start to the arrival of
 * its response. Two floors are measured in the same rounds, interleaved, so that a noisy machine
 * moves all alike: a trivial {@code RequestHandler} (the floor the targets are set against) and a
 * trivial {@code RequestStreamHandler}. The table is reset and re-seeded before every start, so
 * every run answers what the events test expects; a run that answers anything else is reported
 * as a failure, not a time.
 *
 * <p>With {@code --archive}, each is also measured with a JDK AOT cache ({@code -XX:AOTCache})
 * that the harness trains on the same event first.
 */
public final class ColdStartBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FLOOR = "floor: trivial RequestHandler";
  private static final String STREAM_FLOOR = "floor: trivial RequestStreamHandler";

  private static final List<String> LAMBDA_FLAGS = FunctionFixture.LAMBDA_JVM_FLAGS;

  private final Path repo;
  private final Path java;
  private final Path work;
  private final int runs;
  private final boolean archive;
  private final List<String> extraJvmArgs;
  private final List<Path> runtimeLibs;

  private ColdStartBenchmark(Path repo, int runs, boolean archive, List<String> extraJvmArgs) throws IOException {
    this.repo = repo;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    this.work = Files.createTempDirectory("gatehouse-coldstart");
    this.runs = runs;
    this.archive = archive;
    this.extraJvmArgs = extraJvmArgs;
    // What Lambda's Java runtime puts on the class path before the function's code.
    this.runtimeLibs = List.of(
        Jars.library(repo, "aws-lambda-java-runtime-interface-client-"),
        Jars.library(repo, "aws-lambda-java-serialization-"),
        Jars.library(repo, "aws-lambda-java-core-"),
        Jars.library(repo, "utils-lite-"));
  }

  /** One configuration: a name, how to start it, the event it gets and what it must answer. */
  private record Subject(String name, String handler, List<Path> classpath, Path jar, String event, JsonNode expectation) {}

  public static void main(String[] args) throws Exception {
    int runs = 10;
    boolean archive = false;
    List<String> only = new ArrayList<>();
    List<String> jvmArgs = new ArrayList<>();
    for (Iterator<String> it = List.of(args).iterator(); it.hasNext(); ) {
      switch (it.next()) {
        case "--runs" -> runs = Integer.parseInt(it.next());
        case "--archive" -> archive = true;
        case "--functions" -> only.addAll(List.of(it.next().split(",")));
        case "--jvm-arg" -> jvmArgs.add(it.next());
        default -> throw new IllegalArgumentException(
            "usage: cold-start [--runs N] [--archive] [--functions A,B] [--jvm-arg ARG]...");
      }
    }
    new ColdStartBenchmark(Path.of("").toAbsolutePath(), runs, archive, jvmArgs).run(only);
  }

  private void run(List<String> only) throws Exception {
    try (FunctionFixture fixture = FunctionFixture.start(repo); RuntimeApiStub api = new RuntimeApiStub()) {
      Map<String, String> env = new LinkedHashMap<>(fixture.env());
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());

      List<Subject> subjects = new ArrayList<>(floors());
      for (FunctionFixture.Function f : fixture.functions(only)) {
        subjects.add(new Subject(f.name(), f.handler(), List.of(f.jar()), f.jar(), f.event(), f.expectation()));
      }

      Map<String, Path> archives = new TreeMap<>();
      if (archive) {
        for (Subject s : subjects) {
          fixture.reset();
          archives.put(s.name(), train(s, api, env));
        }
      }
      Map<String, List<Double>> plain = new LinkedHashMap<>();
      Map<String, List<Double>> cached = new LinkedHashMap<>();
      Map<String, String> failures = new TreeMap<>();
      for (int round = 1; round <= runs; round++) {
        System.err.printf("round %d of %d%n", round, runs);
        for (Subject s : subjects) {
          for (boolean useArchive : archive ? List.of(false, true) : List.of(false)) {
            fixture.reset();
            try {
              double ms = start(s, api, env, useArchive ? Optional.of(archives.get(s.name())) : Optional.empty());
              (useArchive ? cached : plain).computeIfAbsent(s.name(), k -> new ArrayList<>()).add(ms);
            } catch (RuntimeException e) {
              failures.put(s.name(), e.getMessage() + output());
            }
          }
        }
      }
      print(subjects, plain, cached, failures);
    }
  }

  /** The two floors, in one jar of their own: nothing else of the harness is visible to them. */
  private List<Subject> floors() throws IOException {
    Path jar = Jars.of(work, "floors", List.of(FloorHandler.class, StreamFloorHandler.class));
    String event = Files.readString(repo.resolve("events/jwks.json"));
    JsonNode ok = JSON.readTree("{\"status\":200}");
    return List.of(
        new Subject(FLOOR, FloorHandler.class.getName() + "::handleRequest",
            List.of(Jars.library(repo, "aws-lambda-java-events-"), jar), jar, event, ok),
        new Subject(STREAM_FLOOR, StreamFloorHandler.class.getName() + "::handleRequest", List.of(jar), jar, event, ok));
  }

  /** Runs the subject once with {@code -XX:AOTCacheOutput}, so the JVM writes a cache on exit. */
  private Path train(Subject s, RuntimeApiStub api, Map<String, String> env) throws Exception {
    Path cache = work.resolve(s.name().replaceAll("[^A-Za-z0-9]", "_") + ".aot");
    api.arm(s.event());
    Process process = launch(s, env, List.of("-XX:AOTCacheOutput=" + cache));
    check(s, api.await(process, 120));
    // SIGTERM: the JVM exits in order and writes the cache on the way out.
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS) || !Files.isRegularFile(cache)) {
      throw new IllegalStateException("training " + s.name() + " wrote no AOT cache" + output());
    }
    return cache;
  }

  private double start(Subject s, RuntimeApiStub api, Map<String, String> env, Optional<Path> cache) throws Exception {
    api.arm(s.event());
    List<String> flags = cache.map(c -> List.of("-XX:AOTCache=" + c)).orElse(List.of());
    long started = System.nanoTime();
    Process process = launch(s, env, flags);
    try {
      RuntimeApiStub.Outcome outcome = api.await(process, 120);
      check(s, outcome);
      return (outcome.receivedNanos() - started) / 1e6;
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  private Process launch(Subject s, Map<String, String> env, List<String> archiveFlags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    // An AOT cache replaces the default CDS archive; the JVM refuses -Xshare beside it.
    LAMBDA_FLAGS.stream().filter(f -> archiveFlags.isEmpty() || !f.startsWith("-Xshare")).forEach(command::add);
    command.addAll(archiveFlags);
    command.addAll(extraJvmArgs);
    command.add("-cp");
    List<String> classpath = new ArrayList<>();
    runtimeLibs.forEach(p -> classpath.add(p.toString()));
    s.classpath().forEach(p -> classpath.add(p.toString()));
    command.add(String.join(File.pathSeparator, classpath));
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(s.handler());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("last-output.txt").toFile());
    builder.environment().putAll(env);
    builder.environment().put("_HANDLER", s.handler());
    builder.environment().put("LAMBDA_TASK_ROOT", work.toString());
    return builder.start();
  }

  /** A start only counts if the function answered what the events test expects of it. */
  private void check(Subject s, RuntimeApiStub.Outcome outcome) throws IOException {
    if (outcome.error() || !FunctionFixture.answersAsExpected(s.expectation(), outcome.body())) {
      throw new IllegalStateException(s.name() + " answered " + abbreviate(outcome.body()) + output());
    }
  }

  private String output() throws IOException {
    Path file = work.resolve("last-output.txt");
    return Files.exists(file) ? "\n" + abbreviate(Files.readString(file)) : "";
  }

  private void print(List<Subject> subjects, Map<String, List<Double>> plain, Map<String, List<Double>> cached,
      Map<String, String> failures) throws IOException {
    Stats floor = Stats.of(plain.get(FLOOR));
    Stats streamFloor = Stats.of(plain.get(STREAM_FLOOR));
    System.out.printf("%nCold start to first response, %d runs each, JDK %s, Lambda's flags (%s)%n%n",
        runs, Runtime.version(), String.join(" ", LAMBDA_FLAGS));
    System.out.println(archive
        ? "| function | jar | median ms | p10–p90 ms | × floor | × stream floor | AOT median ms | AOT × floor |\n|---|---:|---:|---:|---:|---:|---:|---:|"
        : "| function | jar | median ms | p10–p90 ms | × floor | × stream floor |\n|---|---:|---:|---:|---:|---:|");
    for (Subject s : subjects) {
      if (failures.containsKey(s.name())) {
        System.out.printf("| %s | | failed: %s |%n", s.name(), failures.get(s.name()).lines().findFirst().orElse(""));
        continue;
      }
      Stats stats = Stats.of(plain.get(s.name()));
      String row = String.format("| %s | %.1f MB | %.0f | %.0f–%.0f | %.2f | %.2f |", s.name(), Files.size(s.jar()) / 1e6,
          stats.median(), stats.p10(), stats.p90(), stats.median() / floor.median(), stats.median() / streamFloor.median());
      if (archive) {
        Stats aot = Stats.of(cached.get(s.name()));
        row += String.format(" %.0f | %.2f |", aot.median(), aot.median() / floor.median());
      }
      System.out.println(row);
    }
    failures.forEach((name, why) -> System.err.println(name + ": " + why));
  }

  private static String abbreviate(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
  }
}
