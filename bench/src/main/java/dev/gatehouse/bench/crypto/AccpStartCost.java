package dev.gatehouse.bench.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.bench.Stats;
import dev.gatehouse.bench.fixture.FunctionFixture;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.tokens.JwtTokenIssuer;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./gatehouse bench accp-start [--runs N] [--algorithm ES256|RS256]}: what Amazon Corretto
 * Crypto Provider adds to a cold start. Each run is a fresh JVM with Lambda's flags (C1 only,
 * {@code -XX:TieredStopAtLevel=1}) that does what a signing function does first, with or without
 * ACCP: install the provider, parse the stored key set, sign one token with jjwt, verify it. JDK
 * and ACCP runs alternate, so drift in the machine's load hits both alike. Prints each phase's
 * median (and min) per provider; the process time includes JVM start and exit.
 */
public final class AccpStartCost {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PHASES = List.of("installMs", "parseKeysMs", "firstSignMs", "firstVerifyMs", "inProcessMs", "processMs");

  private AccpStartCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("probe")) {
      probe(JcaProvider.valueOf(args[1]), SigningAlgorithm.valueOf(args[2]), Path.of(args[3]));
      return;
    }
    int runs = 10;
    SigningAlgorithm algorithm = SigningAlgorithm.ES256;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--algorithm" -> algorithm = SigningAlgorithm.valueOf(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    // The stored form a function reads from its secret, made once with the JDK's provider.
    Path keys = Files.createTempFile("accp-start-keys", ".json");
    Files.writeString(keys, KeySet.generate(algorithm, Instant.now()).toStoredJson());
    try {
      Map<JcaProvider, Map<String, List<Double>>> samples = new LinkedHashMap<>();
      for (int run = 0; run < runs; run++) {
        List<JcaProvider> order = run % 2 == 0 ? List.of(JcaProvider.JDK, JcaProvider.ACCP) : List.of(JcaProvider.ACCP, JcaProvider.JDK);
        for (JcaProvider provider : order) {
          JsonNode result = startProbe(provider, algorithm, keys);
          Map<String, List<Double>> byPhase = samples.computeIfAbsent(provider, p -> new LinkedHashMap<>());
          PHASES.forEach(phase -> byPhase.computeIfAbsent(phase, x -> new ArrayList<>()).add(result.get(phase).asDouble()));
        }
      }
      System.out.printf("%s, %d fresh JVMs per provider (%s), median / min in ms%n", algorithm, runs,
          String.join(" ", FunctionFixture.LAMBDA_JVM_FLAGS));
      System.out.printf("%-6s", "");
      PHASES.forEach(phase -> System.out.printf("%18s", phase));
      System.out.println();
      samples.forEach((provider, byPhase) -> {
        System.out.printf("%-6s", provider);
        PHASES.forEach(phase -> {
          Stats s = Stats.of(byPhase.get(phase));
          System.out.printf("%18s", String.format("%.1f / %.1f", s.median(), s.min()));
        });
        System.out.println();
      });
    } finally {
      Files.deleteIfExists(keys);
    }
  }

  private static JsonNode startProbe(JcaProvider provider, SigningAlgorithm algorithm, Path keys)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FunctionFixture.LAMBDA_JVM_FLAGS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), AccpStartCost.class.getName(),
        "probe", provider.name(), algorithm.name(), keys.toString()));
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double processMs = (System.nanoTime() - started) / 1e6;
    String line = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
    if (exit != 0 || line == null) {
      throw new IllegalStateException("the " + provider + " probe failed (exit " + exit + "):\n" + output);
    }
    return ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line)).put("processMs", processMs);
  }

  /** In the fresh JVM: the first crypto a signing function does, phase by phase. */
  private static void probe(JcaProvider provider, SigningAlgorithm algorithm, Path keys) throws Exception {
    String stored = Files.readString(keys);
    long t0 = System.nanoTime();
    provider.install();
    long t1 = System.nanoTime();
    KeySet keySet = KeySet.parse(stored, Instant.now());
    long t2 = System.nanoTime();
    JwtTokenIssuer issuer = new JwtTokenIssuer(() -> keySet, Clock.systemUTC(), Duration.ofHours(1), "gatehouse");
    String token = issuer.issueIdToken("alice@example.com", List.of("engineering"), Optional.of(new TenantId("acme")),
        Map.of("name", "Alice")).token();
    long t3 = System.nanoTime();
    KeySet publicKeys = keySet.publicOnly();
    new JwtTokenVerifier(() -> publicKeys, Clock.systemUTC(), Duration.ofSeconds(30), "gatehouse", () -> {}).verify(token);
    long t4 = System.nanoTime();
    provider.requireServes(algorithm);
    System.out.printf("{\"provider\":\"%s\",\"installMs\":%.3f,\"parseKeysMs\":%.3f,\"firstSignMs\":%.3f,"
        + "\"firstVerifyMs\":%.3f,\"inProcessMs\":%.3f}%n", Signature.getInstance(JcaProvider.jcaName(algorithm))
        .getProvider().getName(), ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t0, t4));
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
  }
}
