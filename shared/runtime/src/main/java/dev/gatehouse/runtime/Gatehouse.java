package dev.gatehouse.runtime;

import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.service.client.ClientRoomService;
import dev.gatehouse.service.provisioning.ProvisioningService;
import dev.gatehouse.service.query.QueryService;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.service.users.UserService;
import dev.gatehouse.store.EventLedger;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.SettingsRepository;
import dev.gatehouse.store.UserRepository;
import dev.gatehouse.store.dynamodb.DynamoDbEventLedger;
import dev.gatehouse.store.dynamodb.DynamoDbSettingsRepository;
import dev.gatehouse.store.dynamodb.DynamoDbUserRepository;
import dev.gatehouse.service.keys.SigningKeyManager;
import dev.gatehouse.service.rooms.RoomService;
import dev.gatehouse.service.access.StoreAccessFacts;
import dev.gatehouse.service.tokens.TokenService;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.dynamodb.DynamoDbRoomRepository;
import dev.gatehouse.access.AccessCheck;
import dev.gatehouse.access.AccessFacts;
import dev.gatehouse.permissions.Membership;
import dev.gatehouse.access.ConnectionCheck;
import dev.gatehouse.tokens.JwtTokenIssuer;
import dev.gatehouse.tokens.JwtTokenVerifier;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import dev.gatehouse.tokens.TokenVerifier;
import dev.gatehouse.permissions.AccessTokenPermissions;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.RoomFacts;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.dynamodb.ClientPriming;
import dev.gatehouse.store.dynamodb.SchemaPriming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The composition root: every dependency a handler may need, built once per container on first
 * use, so a function only pays for what its path touches. Handlers get it from {@link
 * #fromEnvironment()} in AWS, or from a {@link #builder()} in the local server and tests.
 */
public final class Gatehouse {
  private static final Lazy<Gatehouse> FROM_ENVIRONMENT =
      Lazy.of(() -> fromConfig(Config.fromEnv(System.getenv())));

  /** Rounds of token signing and verifying before a snapshot (measured in docs/performance.md). */
  static final int TOKEN_PRIMING_ROUNDS = 150;

  private final boolean priming;
  private final Clock clock;
  private final Supplier<SecretKeys> secretKeys;
  private final Supplier<KeySet> signingKeys;
  private final Supplier<KeySet> verificationKeys;
  private final Runnable reloadVerificationKeys;
  private final Duration tokenLifetime;
  private final Duration clockSkew;
  private final String projectId;
  private final Optional<String> issuer;
  private final SigningAlgorithm signingAlgorithm;
  private final Supplier<SigningKeyManager> keyManager;
  private final Lazy<RoomRepository> roomRepository;
  private final Lazy<RoomService> roomService;
  private final Lazy<UserRepository> userRepository;
  private final Lazy<UserService> userService;
  private final Lazy<SettingsService> settingsService;
  private final Lazy<QueryService> queryService;
  private final Lazy<AccessCheck> accessCheck;
  private final Lazy<ClientRoomService> clientRooms;
  private final Lazy<ProvisioningService> provisioning;
  private final String cognitoUserIdAttribute;
  private final String cognitoTeamAttribute;
  private final Lazy<TokenVerifier> tokenVerifier;
  private final Lazy<ConnectionCheck> connectionCheck;
  private final Lazy<TokenService> tokenService;

  private Gatehouse(Builder b) {
    this.priming = b.priming;
    this.clock = b.clock;
    this.secretKeys = required(b.secretKeys, "secret keys (GATEHOUSE_SECRET_KEYS_SECRET)");
    this.signingKeys = required(b.signingKeys, "signing keys (GATEHOUSE_SIGNING_KEYS_SECRET)");
    this.verificationKeys = b.verificationKeys != null ? b.verificationKeys
        : b.signingKeys != null ? () -> b.signingKeys.get().publicOnly()
        : required(null, "verification keys (GATEHOUSE_VERIFICATION_KEYS_SECRET)");
    this.reloadVerificationKeys = b.reloadVerificationKeys;
    this.tokenLifetime = b.tokenLifetime;
    this.clockSkew = b.clockSkew;
    this.projectId = b.projectId;
    this.issuer = b.issuer;
    this.signingAlgorithm = b.signingAlgorithm;
    this.keyManager = required(b.keyManager, "a key store (GATEHOUSE_SIGNING_KEYS_SECRET and GATEHOUSE_VERIFICATION_KEYS_SECRET)");
    Duration settingsCache = b.settingsCache;
    Lazy<SettingsRepository> settingsRepository;
    Lazy<EventLedger> eventLedger;
    if (b.repositories != null) {
      // A store built elsewhere (the embedded SQL store of the local server, or a test's).
      Repositories given = b.repositories;
      this.roomRepository = Lazy.of(given::rooms);
      this.userRepository = Lazy.of(given::users);
      settingsRepository = Lazy.of(given::settings);
      eventLedger = Lazy.of(given::eventLedger);
    } else {
      // DynamoDB, each repository built on first use: a function pays only for what its path touches.
      Supplier<DynamoDbClient> dynamoDb = required(b.dynamoDb, "a DynamoDB client (GATEHOUSE_TABLE)");
      Supplier<String> tableName = required(b.tableName, "a table (GATEHOUSE_TABLE)");
      Lazy<DynamoDbEnhancedClient> enhanced = Lazy.of(() -> DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb.get()).build());
      this.roomRepository = Lazy.of(() -> new DynamoDbRoomRepository(enhanced.get(), tableName.get()));
      this.userRepository = Lazy.of(() -> new DynamoDbUserRepository(enhanced.get(), tableName.get()));
      settingsRepository = Lazy.of(() -> new DynamoDbSettingsRepository(enhanced.get(), tableName.get()));
      eventLedger = Lazy.of(() -> new DynamoDbEventLedger(enhanced.get(), tableName.get(), clock));
    }
    this.roomService = Lazy.of(() -> new RoomService(roomRepository.get(), clock));
    this.userService = Lazy.of(() -> new UserService(userRepository.get(), clock));
    this.settingsService = Lazy.of(() -> new SettingsService(settingsRepository.get(), clock, settingsCache));
    this.tokenVerifier = Lazy.of(() -> new JwtTokenVerifier(verificationKeys, clock, clockSkew, projectId, reloadVerificationKeys));
    this.accessCheck = Lazy.of(() -> new AccessCheck(tokenVerifier.get(),
        new StoreAccessFacts(roomRepository.get(), userRepository.get(), settingsService.get())));
    this.queryService = Lazy.of(() -> new QueryService(roomRepository.get(), userRepository.get(), accessCheck.get()));
    this.clientRooms = Lazy.of(() -> new ClientRoomService(roomService.get(), roomRepository.get(), accessCheck.get()));
    this.provisioning = Lazy.of(() -> new ProvisioningService(userService.get(), userRepository.get(), roomService.get(),
        roomRepository.get(), eventLedger.get(), clock, Duration.ofDays(7),
        b.offboardingBatch));
    this.cognitoUserIdAttribute = b.cognitoUserIdAttribute;
    this.cognitoTeamAttribute = b.cognitoTeamAttribute;
    this.connectionCheck = Lazy.of(() -> {
      StoreAccessFacts facts = new StoreAccessFacts(roomRepository.get(), userRepository.get(), settingsService.get());
      return new ConnectionCheck(tokenVerifier.get(), facts, facts::membership, facts::mode);
    });
    this.tokenService = Lazy.of(() -> new TokenService(
        new JwtTokenIssuer(signingKeys, clock, tokenLifetime, projectId, issuer.orElse(null)), accessCheck.get()));
  }

  /** The container's Gatehouse, configured from the environment (AWS Lambda, {@code sam local}). */
  public static Gatehouse fromEnvironment() {
    return FROM_ENVIRONMENT.get();
  }

  static Gatehouse fromConfig(Config config) {
    Lazy<SecretsManagerClient> secrets = Lazy.of(() -> AwsClients.secretsManager(config));
    Builder builder = builder()
        .tokenLifetime(config.tokenLifetime())
        .clockSkew(config.clockSkew())
        .projectId(config.projectId())
        .signingAlgorithm(config.signingAlgorithm())
        .cognitoAttributes(config.cognitoUserIdAttribute(), config.cognitoTeamAttribute());
    config.issuer().ifPresent(builder::issuer);
    config.tableName().ifPresent(table -> builder.dynamoDb(Lazy.of(() -> AwsClients.dynamoDb(config))).tableName(table));

    if (config.secretKeysSecretId().isPresent()) {
      String id = config.secretKeysSecretId().get();
      builder.secretKeys(new Refreshing<>(() -> AwsClients.secretKeys(secrets.get(), id), Duration.ofMinutes(5), Clock.systemUTC()));
    } else if (!config.inlineSecretKeys().isEmpty()) {
      builder.secretKeys(SecretKeys.of(config.inlineSecretKeys()));
    }

    if (config.inlineSigningKeys().isPresent()) {
      // Parsed on first use: a function that signs nothing never loads the JWK parser.
      builder.signingKeys(Lazy.of(() -> KeySet.parse(config.inlineSigningKeys().get(), Instant.now())));
    } else {
      config.signingKeysSecretId().ifPresent(id -> builder.signingKeys(new Refreshing<>(
          () -> KeySet.parse(AwsClients.readSecret(secrets.get(), id), Instant.now()), Duration.ofMinutes(5), Clock.systemUTC())));
    }
    config.verificationKeysSecretId().ifPresent(id -> {
      Refreshing<KeySet> keys = new Refreshing<>(
          () -> KeySet.parse(AwsClients.readSecret(secrets.get(), id), Instant.now()), Duration.ofMinutes(5), Clock.systemUTC());
      builder.verificationKeys(keys, () -> keys.invalidateIfOlderThan(Duration.ofSeconds(10)));
    });
    if (config.signingKeysSecretId().isPresent() && config.verificationKeysSecretId().isPresent()) {
      String signingId = config.signingKeysSecretId().get();
      String verificationId = config.verificationKeysSecretId().get();
      builder.keyManager(Lazy.of(() -> new SigningKeyManager(new SecretsManagerKeyStore(secrets.get(), signingId, verificationId),
          Clock.systemUTC(), config.tokenLifetime().plus(config.clockSkew()).plus(Duration.ofDays(1)))));
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Clock clock() {
    return clock;
  }

  public SecretKeys secretKeys() {
    return secretKeys.get();
  }

  public RoomService rooms() {
    return roomService.get();
  }

  public RoomRepository roomRepository() {
    return roomRepository.get();
  }

  public TokenService tokens() {
    return tokenService.get();
  }

  public UserService users() {
    return userService.get();
  }

  public SettingsService settings() {
    return settingsService.get();
  }

  public QueryService queries() {
    return queryService.get();
  }

  public AccessCheck accessCheck() {
    return accessCheck.get();
  }

  public ClientRoomService clientRooms() {
    return clientRooms.get();
  }

  public ProvisioningService provisioning() {
    return provisioning.get();
  }

  /** The Cognito user attribute used as the Gatehouse user id ({@code sub} by default). */
  public String cognitoUserIdAttribute() {
    return cognitoUserIdAttribute;
  }

  /** The Cognito user attribute that holds the user's team(s), comma-separated ({@code custom:team} by default). */
  public String cognitoTeamAttribute() {
    return cognitoTeamAttribute;
  }

  public ConnectionCheck connectionCheck() {
    return connectionCheck.get();
  }

  /** The public keys, as verifiers and the JWKS route see them. */
  public KeySet verificationKeys() {
    return verificationKeys.get();
  }

  public SigningKeyManager keyManager() {
    return keyManager.get();
  }

  public SigningAlgorithm signingAlgorithm() {
    return signingAlgorithm;
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
   * A Gatehouse that answers from memory only, for a handler's priming twin before a snapshot:
   * a store whose calls all succeed empty, a throwaway signing key and secret key. It shares
   * nothing with this function's real dependencies.
   */
  public static Gatehouse forPriming(SigningAlgorithm algorithm, String secretKey) {
    KeySet keys = KeySet.generate(algorithm, Instant.now());
    Builder builder = builder()
        .dynamoDb(ClientPriming.emptyStore())
        .tableName("priming")
        .secretKeys(SecretKeys.of(List.of(secretKey)))
        .signingKeys(() -> keys)
        .signingAlgorithm(algorithm)
        .projectId("priming");
    builder.priming = true;
    return builder.build();
  }

  /** Whether this is a priming twin's Gatehouse, which registers no runtime hooks of its own. */
  public boolean isPriming() {
    return priming;
  }

  /**
   * Warms what a function's path needs before a SnapStart snapshot, without touching the network,
   * a secret or a credential: tokens are signed and verified with a throwaway key set, the store's
   * clients are built, its schemas exercised on sample items, and its calls driven through the
   * SDK's whole pipeline against canned answers ({@link ClientPriming}).
   */
  public void prime(Set<Warmup> warmups) {
    if (warmups.contains(Warmup.TOKENS)) {
      Instant now = clock.instant();
      KeySet throwaway = KeySet.generate(signingAlgorithm, now);
      KeySet.parse(throwaway.toStoredJson(), now).toJwks();
      JwtTokenIssuer issuer = new JwtTokenIssuer(() -> throwaway, clock, tokenLifetime, projectId);
      JwtTokenVerifier verifier = new JwtTokenVerifier(throwaway::publicOnly, clock, clockSkew, projectId, () -> {});
      TenantId tenant = new TenantId("priming");
      RoomFacts room = new RoomFacts("priming-room", tenant,
          RoomAccesses.parse(List.of(), Map.of("g", List.of("*:read")), Map.of("u", List.of("*:write"))), Optional.empty());
      // The decision every path makes, over one room held in memory: no store is touched.
      AccessCheck check = new AccessCheck(verifier, new AccessFacts() {
        @Override
        public Optional<RoomFacts> find(TenantId in, String roomId) {
          return Optional.of(room).filter(r -> r.tenant().equals(in) && r.roomId().equals(roomId));
        }

        @Override
        public Optional<TenantId> tenantOf(String roomId) {
          return Optional.of(tenant);
        }

        @Override
        public Membership membership(String userId) {
          return Membership.NONE;
        }

        @Override
        public MultiTenantMode mode() {
          return MultiTenantMode.OFF;
        }
      });
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
    if (warmups.contains(Warmup.STORE)) {
      roomRepository.get();
      userRepository.get();
      settingsService.get();
      SchemaPriming.run();
      ClientPriming.run();
    }
  }

  /**
   * After a SnapStart restore: everything loaded with a time to live (secret keys, signing and
   * verification keys, the settings) is loaded afresh, since the snapshot may be days old.
   */
  public void afterRestore() {
    for (Supplier<?> supplier : List.of(secretKeys, signingKeys, verificationKeys)) {
      if (supplier instanceof Refreshing<?> refreshing) {
        refreshing.invalidate();
      }
    }
    settingsService.ifBuilt(SettingsService::forget);
  }

  /**
   * Still in the restore phase, before the first invocation: loads afresh what the function's
   * path reads (its secret keys, its signing or verification keys, the settings, which also
   * opens the connection to DynamoDB), with this environment's credentials. Best effort: a
   * failure here is left for the first invocation to meet, and report, on its lazy path.
   */
  public void reload(Set<Warmup> warmups) {
    List<Supplier<?>> loads = new java.util.ArrayList<>();
    loads.add(secretKeys);
    if (warmups.contains(Warmup.TOKENS)) {
      loads.add(signingKeys);
      loads.add(verificationKeys);
    }
    if (warmups.contains(Warmup.STORE)) {
      loads.add(() -> settingsService.get().get());
    }
    for (Supplier<?> load : loads) {
      try {
        load.get();
      } catch (RuntimeException notConfiguredOrUnavailable) {
        // Not this function's dependency, or not reachable yet: its first use loads it.
      }
    }
  }

  /** A dependency that is only needed on some paths: missing configuration fails on use, by name. */
  private static <T> Supplier<T> required(Supplier<T> supplier, String what) {
    return supplier != null ? supplier : () -> {
      throw new IllegalStateException("this function is not configured with " + what);
    };
  }

  public static final class Builder {
    private boolean priming;
    private Clock clock = Clock.systemUTC();
    private Supplier<SecretKeys> secretKeys;
    private Supplier<KeySet> signingKeys;
    private Supplier<KeySet> verificationKeys;
    private Runnable reloadVerificationKeys = () -> {};
    private Supplier<DynamoDbClient> dynamoDb;
    private Repositories repositories;
    private Supplier<String> tableName;
    private Supplier<SigningKeyManager> keyManager;
    private Duration tokenLifetime = Duration.ofHours(1);
    private Duration clockSkew = Duration.ofSeconds(30);
    private String projectId = "gatehouse";
    private Optional<String> issuer = Optional.empty();
    private SigningAlgorithm signingAlgorithm = SigningAlgorithm.RS256;
    private Duration settingsCache = Duration.ofSeconds(5);
    private int offboardingBatch = 100;
    private String cognitoUserIdAttribute = "sub";
    private String cognitoTeamAttribute = "custom:team";

    /** How many rooms, and how many members, one tenant-deletion run handles (100 by default). */
    public Builder offboardingBatch(int batch) {
      this.offboardingBatch = batch;
      return this;
    }

    public Builder cognitoAttributes(String userIdAttribute, String teamAttribute) {
      this.cognitoUserIdAttribute = userIdAttribute;
      this.cognitoTeamAttribute = teamAttribute;
      return this;
    }

    /** How long a container trusts its copy of the settings (5 s by default). */
    public Builder settingsCache(Duration duration) {
      this.settingsCache = duration;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder secretKeys(SecretKeys keys) {
      return secretKeys(() -> keys);
    }

    public Builder secretKeys(Supplier<SecretKeys> keys) {
      this.secretKeys = keys;
      return this;
    }

    /** The private keys new tokens are signed with; verifiers use their public halves unless told otherwise. */
    public Builder signingKeys(Supplier<KeySet> keys) {
      this.signingKeys = keys;
      return this;
    }

    /** The public keys verifiers use, and how to reload them when a token names an unknown kid. */
    public Builder verificationKeys(Supplier<KeySet> keys, Runnable reload) {
      this.verificationKeys = keys;
      this.reloadVerificationKeys = reload;
      return this;
    }

    public Builder keyManager(Supplier<SigningKeyManager> manager) {
      this.keyManager = manager;
      return this;
    }

    /**
     * The store to use, instead of {@link #dynamoDb(Supplier)} and {@link #tableName}: e.g. the
     * embedded SQL store's {@code SqlStore.repositories()}. Its event ledger keeps its own clock.
     */
    public Builder repositories(Repositories repositories) {
      this.repositories = Objects.requireNonNull(repositories, "repositories");
      return this;
    }

    public Builder dynamoDb(DynamoDbClient client) {
      return dynamoDb(() -> client);
    }

    public Builder dynamoDb(Supplier<DynamoDbClient> client) {
      this.dynamoDb = client;
      return this;
    }

    public Builder tableName(String tableName) {
      this.tableName = () -> tableName;
      return this;
    }

    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime = lifetime;
      return this;
    }

    public Builder clockSkew(Duration skew) {
      this.clockSkew = skew;
      return this;
    }

    public Builder projectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    /** A fixed issuer URL for every request (GATEHOUSE_ISSUER), instead of each request's own domain. */
    public Builder issuer(String issuerUrl) {
      this.issuer = Optional.of(issuerUrl);
      return this;
    }

    public Builder signingAlgorithm(SigningAlgorithm algorithm) {
      this.signingAlgorithm = algorithm;
      return this;
    }

    public Gatehouse build() {
      return new Gatehouse(this);
    }
  }
}
