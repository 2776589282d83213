package dev.gatehouse.runtime.wiring;

import dev.gatehouse.access.AccessCheck;
import dev.gatehouse.access.AccessFacts;
import dev.gatehouse.access.ConnectionCheck;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.access.StoreAccessFacts;
import dev.gatehouse.service.tokens.TokenService;
import dev.gatehouse.tokens.JwtTokenIssuer;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens and checks: the verifier, the one access check every room decision goes through, the
 * {@link ConnectionCheck} facade over it, and the token service that issues ID and access tokens.
 */
public final class AccessWiring {
  /** Rounds of token signing and verifying before a snapshot (measured in docs/performance.md). */
  static final int TOKEN_PRIMING_ROUNDS = 150;

  private final Clock clock;
  private final Duration tokenLifetime;
  private final Duration clockSkew;
  private final String projectId;
  private final Optional<String> issuer;
  private final KeyWiring keys;
  private final Lazy<AccessCheck> check;
  private final Lazy<ConnectionCheck> connectionCheck;
  private final Lazy<TokenService> tokens;

  public AccessWiring(KeyWiring keys, StoreWiring store, SettingsWiring settings, Clock clock, Duration tokenLifetime,
      Duration clockSkew, String projectId, Optional<String> issuer) {
    this.keys = keys;
    this.clock = clock;
    this.tokenLifetime = tokenLifetime;
    this.clockSkew = clockSkew;
    this.projectId = projectId;
    this.issuer = issuer;
    Lazy<TokenVerifier> verifier = Lazy.of(() -> new JwtTokenVerifier(
        keys.verificationKeySupplier(), clock, clockSkew, projectId, keys.reloadVerificationKeys()));
    Lazy<StoreAccessFacts> facts = Lazy.of(() -> new StoreAccessFacts(store.rooms(), store.users(), store.accessReads(),
        settings.service(), store::groups));
    this.check = Lazy.of(() -> new AccessCheck(verifier.get(), facts.get()));
    this.connectionCheck = Lazy.of(() -> new ConnectionCheck(verifier.get(), facts.get()));
    this.tokens = Lazy.of(() -> new TokenService(
        new JwtTokenIssuer(keys.signingKeySupplier(), clock, tokenLifetime, projectId, issuer.orElse(null)), check.get()));
  }

  public TokenService tokens() {
    return tokens.get();
  }

  /** The decision "may this caller do this to this room?", for every path that asks it. */
  public AccessCheck check() {
    return check.get();
  }

  public ConnectionCheck connectionCheck() {
    return connectionCheck.get();
  }

  /** The project id: every token's {@code pid} and {@code aud}. */
  public String projectId() {
    return projectId;
  }

  /**
   * The issuer URL for a request: the {@code iss} of the tokens it mints and the {@code issuer} of
   * the discovery document it reads. {@code GATEHOUSE_ISSUER} when set (a custom domain); else
   * the domain the request came in on, as API Gateway reports it ({@code requestContext.domainName}),
   * with the scheme of its {@code x-forwarded-proto} header (https, which API Gateway sets; the
   * local server sets http). A function cannot be told its own API's URL: the API's definition
   * refers to the functions.
   *
   * @throws IllegalStateException when neither is known
   */
  public String issuer(HttpRequest request) {
    if (issuer.isPresent()) {
      return issuer.get();
    }
    if (request.domainName().isBlank()) {
      throw new IllegalStateException("no issuer: GATEHOUSE_ISSUER is not set and the request names no requestContext.domainName");
    }
    String scheme = "http".equals(request.headers().get("x-forwarded-proto")) ? "http" : "https";
    return scheme + "://" + request.domainName();
  }

  /**
   * Before a snapshot: tokens are signed and verified with a throwaway key set and checked by the
   * access check over one room held in memory, so no key, secret or store is touched.
   */
  public void prime() {
    Instant now = clock.instant();
    KeySet throwaway = KeySet.generate(keys.algorithm(), now);
    KeySet.parse(throwaway.toStoredJson(), now).toJwks();
    JwtTokenIssuer issuer = new JwtTokenIssuer(() -> throwaway, clock, tokenLifetime, projectId);
    JwtTokenVerifier verifier = new JwtTokenVerifier(throwaway::publicOnly, clock, clockSkew, projectId, () -> {});
    TenantId tenant = new TenantId("priming");
    RoomFacts room = new RoomFacts("priming-room", tenant,
        RoomAccesses.parse(List.of(), Map.of("g", List.of("*:read")), Map.of("u", List.of("*:write"))), Optional.empty());
    AccessCheck check = new AccessCheck(verifier, new OneRoom(room));
    // Often enough for the JIT to compile the signature arithmetic and the claims' JSON: the
    // snapshot keeps compiled code, so the first token after a restore is not interpreted.
    for (int round = 0; round < TOKEN_PRIMING_ROUNDS; round++) {
      String id = issuer.issueIdToken("u", List.of("g"), Optional.of(tenant), Map.of("n", "p")).token();
      String access = issuer.issueAccessToken("u",
          AccessTokenPermissions.parse(Map.of("priming-*", List.of("*:write")), "permissions"), Optional.of(tenant), Map.of()).token();
      for (String token : List.of(id, access)) {
        check.connect(token, room.roomId());
      }
    }
  }

  /** The facts of a single room held in memory, for priming: no store is touched. */
  private record OneRoom(RoomFacts room) implements AccessFacts {
    @Override
    public Optional<RoomFacts> find(TenantId in, String roomId) {
      return Optional.of(room).filter(r -> r.tenant().equals(in) && r.roomId().equals(roomId));
    }

    @Override
    public Optional<TenantId> tenantOf(String roomId) {
      return Optional.of(room.tenant());
    }

    @Override
    public Membership membership(String userId) {
      return Membership.NONE;
    }

    @Override
    public MultiTenantMode mode() {
      return MultiTenantMode.OFF;
    }
  }
}
