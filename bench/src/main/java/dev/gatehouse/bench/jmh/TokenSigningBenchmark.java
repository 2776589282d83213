package dev.gatehouse.bench.jmh;

import dev.gatehouse.bench.crypto.JcaProvider;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.tokens.IssuedToken;
import dev.gatehouse.tokens.JwtTokenIssuer;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import dev.gatehouse.tokens.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issuing and verifying tokens with the production classes ({@link JwtTokenIssuer}, {@link
 * JwtTokenVerifier}), for every {@link SigningAlgorithm} and under either JCA provider: the JDK's
 * own or Amazon Corretto Crypto Provider installed first. Issue happens once per login (and once
 * per room a Liveblocks client joins); verify on every connection. The ID token carries 10 groups
 * and user info, the access token 10 room patterns, as in the other benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED") // ACCP loads its native library
public class TokenSigningBenchmark {
  private static final Optional<TenantId> TENANT = Optional.of(new TenantId("acme"));
  private static final Map<String, Object> USER_INFO = Map.of("name", "Alice", "color", "#f0a");

  @Param({"ES256", "RS256"})
  public SigningAlgorithm algorithm;

  @Param({"JDK", "ACCP"})
  public JcaProvider provider;

  private JwtTokenIssuer issuer;
  private JwtTokenVerifier verifier;
  private List<String> groups;
  private AccessTokenPermissions permissions;
  private String idToken;
  private String accessToken;

  @Setup
  public void setUp() {
    // Installed before the keys exist, so key generation and key objects come from it too.
    provider.install();
    provider.requireServes(algorithm);
    KeySet keys = KeySet.generate(algorithm, Instant.now());
    KeySet publicKeys = keys.publicOnly();
    Clock clock = Clock.systemUTC();
    issuer = new JwtTokenIssuer(() -> keys, clock, Duration.ofHours(1), "gatehouse");
    verifier = new JwtTokenVerifier(() -> publicKeys, clock, Duration.ofSeconds(30), "gatehouse", () -> {});
    groups = CrowdedRoom.groupsMatching(3);
    permissions = AccessTokenResolutionBenchmark.tenPatterns();
    idToken = issueIdToken().token();
    accessToken = issueAccessToken().token();
    if (verifyIdToken().groupIds().size() != 10 || verifyAccessToken().permissions().byPattern().size() != 10) {
      throw new IllegalStateException("the tokens do not carry what they were issued with");
    }
  }

  @Benchmark
  public IssuedToken issueIdToken() {
    return issuer.issueIdToken("alice@example.com", groups, TENANT, USER_INFO);
  }

  @Benchmark
  public IssuedToken issueAccessToken() {
    return issuer.issueAccessToken("alice@example.com", permissions, TENANT, USER_INFO);
  }

  @Benchmark
  public VerifiedToken verifyIdToken() {
    return verifier.verify(idToken);
  }

  @Benchmark
  public VerifiedToken verifyAccessToken() {
    return verifier.verify(accessToken);
  }
}
