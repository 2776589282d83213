package dev.gatehouse.bench.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.bench.Stats;
import dev.gatehouse.bench.fixture.FunctionFixture;
import dev.gatehouse.bench.fixture.Jars;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What SnapStart priming buys: for each function, fresh JVMs (Lambda's flags) build the handler,
 * run its runtime hooks as the runtime does around a snapshot, or skip them, and then time the
 * first invocation and the warm ones after it. The target: the first invocation after priming
 * within 2× of the warm median. This runs the hooks in one process rather than across a real
 * CRaC checkpoint (no CRaC JVM here); what a snapshot keeps, loaded classes and built objects,
 * is the same.
 */
public final class SnapStartBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int runs = 5;
    int warm = 200;
    List<String> only = new ArrayList<>();
    List<String> jvmArgs = new ArrayList<>();
    for (Iterator<String> it = List.of(args).iterator(); it.hasNext(); ) {
      switch (it.next()) {
        case "--runs" -> runs = Integer.parseInt(it.next());
        case "--warm" -> warm = Integer.parseInt(it.next());
        case "--functions" -> only.addAll(List.of(it.next().split(",")));
        case "--jvm-arg" -> jvmArgs.add(it.next());
        default -> throw new IllegalArgumentException(
            "usage: snapstart [--runs N] [--warm N] [--functions A,B] [--jvm-arg ARG]...");
      }
    }
    Path repo = Path.of("").toAbsolutePath();
    Path work = Files.createTempDirectory("gatehouse-snapstart");
    Path probe = Jars.of(work, "probe",
        List.of(PrimingProbe.class, PrimingProbe.ProbeContext.class, PrimingProbe.Boundary.class));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    try (FunctionFixture fixture = FunctionFixture.start(repo)) {
      List<FunctionFixture.Function> functions = fixture.functions(only);
      Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
      Map<String, String> notes = new LinkedHashMap<>();
      Map<String, String> failures = new LinkedHashMap<>();
      for (int round = 1; round <= runs; round++) {
        System.err.printf("round %d of %d%n", round, runs);
        for (FunctionFixture.Function f : functions) {
          if (failures.containsKey(f.name())) {
            continue;
          }
          Path event = work.resolve(f.name() + ".json");
          Files.writeString(event, f.event());
          for (String mode : List.of("no-prime", "prime")) {
            fixture.reset();
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(FunctionFixture.LAMBDA_JVM_FLAGS);
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", f.jar() + File.pathSeparator + probe, PrimingProbe.class.getName(),
                f.handler().substring(0, f.handler().indexOf("::")), event.toString(), Integer.toString(warm), mode));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(work.resolve("stderr.txt").toFile());
            builder.environment().putAll(fixture.env());
            long spawned = System.nanoTime();
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            System.err.printf("  %s %s: %.1f s%n", f.name(), mode, (System.nanoTime() - spawned) / 1e9);
            if (exit != 0 || output.isBlank()) {
              // A function this fixture cannot run (e.g. one that needs a Secrets Manager key store):
              // reported as such, not measured.
              failures.put(f.name(), Files.readString(work.resolve("stderr.txt")).lines()
                  .filter(l -> l.contains("Exception")).findFirst().orElse("exit " + exit));
              break;
            }
            JsonNode line = JSON.readTree(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            if (!FunctionFixture.answersAsExpected(f.expectation(), line.get("first").asText())) {
              throw new IllegalStateException(f.name() + " answered " + line.get("first").asText());
            }
            if (!status(line.get("first").asText()).equals(status(line.get("last").asText()))) {
              notes.put(f.name(), "repeats answer " + status(line.get("last").asText()) + " (the event changes the table)");
            }
            Map<String, List<Double>> r = results.computeIfAbsent(f.name(), k -> new LinkedHashMap<>());
            r.computeIfAbsent(mode + ".first", k -> new ArrayList<>()).add(line.get("firstMs").asDouble());
            r.computeIfAbsent(mode + ".warm", k -> new ArrayList<>()).add(line.get("warmMedianMs").asDouble());
            if (mode.equals("prime")) {
              r.computeIfAbsent("primeMs", k -> new ArrayList<>()).add(line.get("primeMs").asDouble());
              r.computeIfAbsent("restoreMs", k -> new ArrayList<>()).add(line.get("restoreMs").asDouble());
            }
          }
        }
      }
      System.out.printf("%nFirst invocation after SnapStart priming vs the warm median, %d runs × %d warm invocations, "
          + "JDK %s, Lambda's flags%n%n", runs, warm, Runtime.version());
      System.out.println("| function | first, unprimed ms | first, primed ms | warm median ms | primed first ÷ warm | priming ms "
          + "| restore hook ms | note |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
      for (FunctionFixture.Function f : functions) {
        if (failures.containsKey(f.name())) {
          System.out.printf("| %s | | | | | | | could not run here: %s |%n", f.name(), failures.get(f.name()));
          continue;
        }
        Map<String, List<Double>> r = results.get(f.name());
        double unprimed = Stats.of(r.get("no-prime.first")).median();
        double primed = Stats.of(r.get("prime.first")).median();
        double warmMedian = Stats.of(r.get("prime.warm")).median();
        System.out.printf("| %s | %.1f | %.2f | %.2f | %.1f | %.0f | %.1f | %s |%n", f.name(), unprimed, primed, warmMedian,
            primed / warmMedian, Stats.of(r.get("primeMs")).median(), Stats.of(r.get("restoreMs")).median(),
            notes.getOrDefault(f.name(), ""));
      }
    }
  }

  private static String status(String result) {
    try {
      JsonNode node = JSON.readTree(result);
      return node.has("statusCode") ? node.get("statusCode").asText() : "a result";
    } catch (Exception e) {
      return "?";
    }
  }
}
