package dev.gatehouse.bench.coldstart;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.api.runtime.Gatehouse;
import dev.gatehouse.bench.Stats;
import dev.gatehouse.local.EventFixture;
import dev.gatehouse.local.LocalGatehouse;
import dev.gatehouse.local.SamTemplate;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold starts as Lambda has them: for each function of {@code template.yaml}, a fresh JVM with
 * Lambda's flags runs the real runtime interface client against a stub of the Runtime API, is
 * handed the function's {@code events/} file, and is timed from process start to the arrival of
 * its response. The trivial {@link FloorHandler} is measured in the same rounds, interleaved, so
 * that a noisy machine moves both alike. The table is reset and re-seeded before every start, so
 * every run answers what the events test expects; a run that answers anything else is reported
 * as a failure, not a time.
 *
 * <p>Each function is measured without an archive and, with {@code --archive}, with a JDK AOT
 * cache ({@code -XX:AOTCache}) that the harness trains on the same event first.
 */
public final class ColdStartBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "gatehouse";
  private static final String FLOOR = "floor: trivial RequestHandler";
  private static final String STREAM_FLOOR = "floor: trivial RequestStreamHandler";

  /** The flags of Lambda's Java runtimes (TieredStopAtLevel=1 since 2023), heap for 1,024 MB. */
  private static final List<String> LAMBDA_FLAGS = List.of(
      "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
      "-XX:MaxHeapSize=870m", "-XX:MaxMetaspaceSize=128m", "-Djava.net.preferIPv4Stack=true",
      "--enable-native-access=ALL-UNNAMED");

  private final Path repo;
  private final Path java;
  private final Path work;
  private final int runs;
  private final boolean archive;
  private final List<String> extraJvmArgs;
  private final List<Path> runtimeLibs;
  private final Path eventsLib;

  private ColdStartBenchmark(Path repo, int runs, boolean archive, List<String> extraJvmArgs) throws IOException {
    this.extraJvmArgs = extraJvmArgs;
    this.repo = repo;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    this.work = Files.createTempDirectory("gatehouse-coldstart");
    this.runs = runs;
    this.archive = archive;
    Path lib = repo.resolve("bench/target/lib");
    this.runtimeLibs = List.of(
        library(lib, "aws-lambda-java-runtime-interface-client-"),
        library(lib, "aws-lambda-java-serialization-"),
        library(lib, "aws-lambda-java-core-"),
        library(lib, "utils-lite-"));
    this.eventsLib = library(lib, "aws-lambda-java-events-");
  }

  /** What one configuration is: a name, how to start it, the event it gets and what it must answer. */
  private record Subject(String name, String handler, List<Path> classpath, Optional<Path> jar, String event, JsonNode expectation) {}

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
    SamTemplate template = SamTemplate.load(repo.resolve("template.yaml"));
    JsonNode expectations = JSON.readTree(repo.resolve("local/src/test/resources/event-expectations.json").toFile());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(
        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
    dynamo.start();
    KeySet keys = KeySet.generate(SigningAlgorithm.ES256, Instant.now());
    try (DynamoDbClient client = DynamoDbClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
        RuntimeApiStub api = new RuntimeApiStub()) {
      Gatehouse gatehouse = Gatehouse.builder().dynamoDb(client).tableName(TABLE)
          .secretKeys(SecretKeys.of(List.of(LocalGatehouse.EVENTS_KEY))).signingKeys(() -> keys)
          .projectId("gatehouse").build();
      Runnable reset = () -> {
        if (client.listTables().tableNames().contains(TABLE)) {
          client.deleteTable(r -> r.tableName(TABLE));
        }
        GatehouseTable.createIfMissing(client, TABLE);
        EventFixture.seed(gatehouse);
      };
      reset.run();
      Map<String, String> env = new LinkedHashMap<>(Map.of(
          "AWS_LAMBDA_RUNTIME_API", api.address(),
          "AWS_REGION", "us-east-1",
          "AWS_ACCESS_KEY_ID", "bench",
          "AWS_SECRET_ACCESS_KEY", "bench",
          "GATEHOUSE_TABLE", TABLE,
          "GATEHOUSE_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + port,
          "GATEHOUSE_SECRET_KEYS", LocalGatehouse.EVENTS_KEY,
          "GATEHOUSE_SIGNING_KEYS", keys.toStoredJson()));

      List<Subject> subjects = new ArrayList<>();
      subjects.addAll(floors());
      subjects.addAll(functions(template, expectations, gatehouse, only));

      Map<String, Path> archives = new TreeMap<>();
      if (archive) {
        for (Subject s : subjects) {
          reset.run();
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
            reset.run();
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
    } finally {
      dynamo.stop();
    }
  }

  /** The two floors, in one jar of their own: nothing else of the harness is visible to them. */
  private List<Subject> floors() throws IOException {
    Path classes = work.resolve("floor");
    for (Class<?> floor : List.of(FloorHandler.class, StreamFloorHandler.class)) {
      String resource = floor.getName().replace('.', '/') + ".class";
      Files.createDirectories(classes.resolve(resource).getParent());
      try (var in = floor.getClassLoader().getResourceAsStream(resource)) {
        Files.copy(in, classes.resolve(resource));
      }
    }
    // An AOT cache covers classes from jars only, so the floors are a jar like the functions.
    Path jar = work.resolve("floor.jar");
    exec(List.of(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "cf", jar.toString(), "-C", classes.toString(), "."));
    String event = Files.readString(repo.resolve("events/jwks.json"));
    JsonNode ok = JSON.readTree("{\"status\":200}");
    return List.of(
        new Subject(FLOOR, FloorHandler.class.getName() + "::handleRequest", List.of(eventsLib, jar), Optional.of(jar), event, ok),
        new Subject(STREAM_FLOOR, StreamFloorHandler.class.getName() + "::handleRequest", List.of(jar), Optional.of(jar), event, ok));
  }

  /** One subject per function: its first event file (by name) that expects success. */
  private List<Subject> functions(SamTemplate template, JsonNode expectations, Gatehouse gatehouse, List<String> only)
      throws IOException {
    Map<String, String> eventOf = new TreeMap<>();
    List<String> files = new ArrayList<>();
    expectations.fieldNames().forEachRemaining(files::add);
    files.sort(null);
    for (String file : files) {
      JsonNode e = expectations.get(file);
      boolean succeeds = e.has("result") || e.path("status").asInt() / 100 == 2;
      if (succeeds) {
        eventOf.putIfAbsent(e.get("function").asText(), file);
      }
    }
    List<Subject> subjects = new ArrayList<>();
    for (SamTemplate.Function f : template.functions().values()) {
      String name = f.logicalId();
      if (!only.isEmpty() && !only.contains(name)) {
        continue;
      }
      String file = eventOf.get(name);
      if (file == null) {
        System.err.println("skipping " + name + ": no event file expects it to succeed");
        continue;
      }
      JsonNode expectation = expectations.get(file);
      String event = Files.readString(repo.resolve("events").resolve(file));
      if (expectation.has("freshToken")) {
        event = event.replace(EventFixture.TOKEN_PLACEHOLDER, EventFixture.mint(gatehouse, expectation.get("freshToken")));
      }
      Path jar = repo.resolve(f.codeUri());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: run ./gatehouse build first");
      }
      subjects.add(new Subject(name, f.handlerClass() + "::handleRequest", List.of(jar), Optional.of(jar), event, expectation));
    }
    return subjects;
  }

  /** Runs the subject once with {@code -XX:AOTCacheOutput}, so the JVM writes a cache on exit. */
  private Path train(Subject s, RuntimeApiStub api, Map<String, String> env) throws Exception {
    Path cache = work.resolve(s.name().replaceAll("[^A-Za-z0-9]", "_") + ".aot");
    List<String> flags = List.of("-XX:AOTCacheOutput=" + cache);
    api.arm(s.event());
    Process process = launch(s, env, flags);
    check(s, api.await(process, 120));
    // SIGTERM: the JVM exits in order and writes the cache on the way out.
    process.destroy();
    if (!process.waitFor(120, TimeUnit.SECONDS) || !Files.isRegularFile(cache)) {
      throw new IllegalStateException("training " + s.name() + " wrote no AOT cache");
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

  private Process launch(Subject s, Map<String, String> env, List<String> extraFlags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    // An AOT cache replaces the default CDS archive; the JVM refuses -Xshare beside it.
    LAMBDA_FLAGS.stream().filter(f -> extraFlags.isEmpty() || !f.startsWith("-Xshare")).forEach(command::add);
    command.addAll(extraFlags);
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
    if (outcome.error()) {
      throw new IllegalStateException(s.name() + " failed: " + abbreviate(outcome.body()) + output());
    }
    JsonNode expectation = s.expectation();
    if (expectation.has("status")) {
      int status = JSON.readTree(outcome.body()).path("statusCode").asInt();
      if (status != expectation.get("status").asInt()) {
        throw new IllegalStateException(s.name() + " answered " + status + ": " + abbreviate(outcome.body()));
      }
    }
  }

  private String output() throws IOException {
    Path file = work.resolve("last-output.txt");
    return Files.exists(file) ? "\n" + abbreviate(Files.readString(file)) : "";
  }

  private void print(List<Subject> subjects, Map<String, List<Double>> plain, Map<String, List<Double>> cached,
      Map<String, String> failures) throws IOException {
    Stats floor = Stats.of(plain.getOrDefault(FLOOR, List.of()));
    Stats floorCached = Stats.of(cached.getOrDefault(FLOOR, List.of()));
    Stats streamFloor = Stats.of(plain.getOrDefault(STREAM_FLOOR, List.of()));
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
      String size = s.jar().map(ColdStartBenchmark::megabytes).orElse("");
      String row = String.format("| %s | %s | %.0f | %.0f–%.0f | %.2f | %.2f |", s.name(), size, stats.median(), stats.p10(),
          stats.p90(), stats.median() / floor.median(), stats.median() / streamFloor.median());
      if (archive) {
        Stats aot = Stats.of(cached.get(s.name()));
        row += String.format(" %.0f | %.2f |", aot.median(), aot.median() / floor.median());
      }
      System.out.println(row);
    }
    if (archive) {
      System.out.printf("%nAOT × floor compares with the floor without an archive (%.0f ms); the floor with its own archive: %.0f ms.%n",
          floor.median(), floorCached.median());
    }
    failures.forEach((name, why) -> System.err.println(name + ": " + why));
  }

  private static String megabytes(Path jar) {
    try {
      return String.format("%.1f MB", Files.size(jar) / 1e6);
    } catch (IOException e) {
      return "?";
    }
  }

  private static Path library(Path lib, String prefix) throws IOException {
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(lib + " is missing: run ./gatehouse build first");
    }
    try (Stream<Path> files = Files.list(lib)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + lib));
    }
  }

  private static void exec(List<String> command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
  }
}
