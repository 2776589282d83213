package dev.gatehouse.runtime;

import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.telemetry.AccessLog;
import dev.gatehouse.runtime.wiring.AccessWiring;
import dev.gatehouse.runtime.wiring.ChangeWiring;
import dev.gatehouse.runtime.wiring.KeyWiring;
import dev.gatehouse.runtime.wiring.ProvisioningWiring;
import dev.gatehouse.runtime.wiring.RoomWiring;
import dev.gatehouse.runtime.wiring.SettingsWiring;
import dev.gatehouse.runtime.wiring.StoreWiring;
import dev.gatehouse.runtime.wiring.UserWiring;
import dev.gatehouse.service.keys.SigningKeyManager;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.dynamodb.ClientPriming;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The composition root of one function: the capabilities it may use ({@code wiring/}), each
 * building its dependencies once per container on first use, so a function only pays for what
 * its path touches. A handler takes the service it calls from here when it is constructed; it
 * gets the root from {@link #fromEnvironment()} in AWS, or from a {@link #builder()} in the local
 * server and tests.
 */
public final class Gatehouse {
  private static final Lazy<Gatehouse> FROM_ENVIRONMENT =
      Lazy.of(() -> {
        // Only here: Lambda (and sam local) build the root from the environment; tests and the
        // local server configure the access log themselves, or leave it off.
        AccessLog.configureForLambda(System.getenv());
        return fromConfig(Config.fromEnv(System.getenv()));
      });

  private final boolean priming;
  private final Clock clock;
  private final StoreWiring store;
  private final SettingsWiring settings;
  private final KeyWiring keys;
  private final AccessWiring access;
  private final RoomWiring rooms;
  private final UserWiring users;
  private final ProvisioningWiring provisioning;
  private final ChangeWiring changes;
  private final dev.gatehouse.runtime.wiring.WebhookWiring webhooks;
  private final dev.gatehouse.runtime.Lazy<dev.gatehouse.service.groups.GroupService> groups;

  private Gatehouse(Builder b) {
    this.priming = b.priming;
    this.clock = b.clock;
    this.store = b.repositories != null ? StoreWiring.of(b.repositories)
        : StoreWiring.dynamoDb(required(b.dynamoDb, "a DynamoDB client (GATEHOUSE_TABLE)"),
            required(b.tableName, "a table (GATEHOUSE_TABLE)"), clock);
    this.settings = new SettingsWiring(store, clock, b.settingsCache);
    this.keys = new KeyWiring(
        required(b.secretKeys, "secret keys (GATEHOUSE_SECRET_KEYS_SECRET)"),
        required(b.signingKeys, "signing keys (GATEHOUSE_SIGNING_KEYS_SECRET)"),
        b.verificationKeys != null ? b.verificationKeys
            : b.signingKeys != null ? () -> b.signingKeys.get().publicOnly()
            : required(null, "verification keys (GATEHOUSE_VERIFICATION_KEYS_SECRET)"),
        b.reloadVerificationKeys,
        required(b.keyManager, "a key store (GATEHOUSE_SIGNING_KEYS_SECRET and GATEHOUSE_VERIFICATION_KEYS_SECRET)"),
        b.signingAlgorithm);
    this.access = new AccessWiring(keys, store, settings, clock, b.tokenLifetime, b.clockSkew, b.projectId, b.issuer);
    this.rooms = new RoomWiring(store, access, settings, clock);
    this.users = new UserWiring(store, access, settings, clock);
    this.changes = new ChangeWiring(store, clock, b.changeRetention);
    this.groups = dev.gatehouse.runtime.Lazy.of(() -> new dev.gatehouse.service.groups.GroupService(store.groups(), clock));
    this.webhooks = new dev.gatehouse.runtime.wiring.WebhookWiring(store, clock, b.changeRetention, b.webhookUrls, b.projectId,
        b.changesBus, b.webhookTransport);
    this.provisioning = new ProvisioningWiring(store, users, rooms, clock, b.offboardingBatch,
        b.cognitoUserIdAttribute, b.cognitoTeamAttribute);
  }

  /** The container's Gatehouse, configured from the environment (AWS Lambda, {@code sam local}). */
  public static Gatehouse fromEnvironment() {
    return FROM_ENVIRONMENT.get();
  }

  static Gatehouse fromConfig(Config config) {
    Lazy<SecretsManagerClient> secrets = Lazy.of(() -> AwsClients.secretsManager(config));
    Builder builder = builder()
        .tokenLifetime(config.tokenLifetime())
        .changeRetention(config.changeRetention())
        .clockSkew(config.clockSkew())
        .projectId(config.projectId())
        .signingAlgorithm(config.signingAlgorithm())
        .cognitoAttributes(config.cognitoUserIdAttribute(), config.cognitoTeamAttribute());
    config.issuer().ifPresent(builder::issuer);
    config.changesBus().ifPresent(bus -> {
      Lazy<software.amazon.awssdk.services.eventbridge.EventBridgeClient> events = Lazy.of(() -> AwsClients.eventBridge(config));
      builder.changesBus(new dev.gatehouse.runtime.webhooks.EventBridgeBus(events, bus,
          dev.gatehouse.runtime.wiring.WebhookWiring::busDetail));
    });
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

  public StoreWiring store() {
    return store;
  }

  public SettingsWiring settings() {
    return settings;
  }

  public KeyWiring keys() {
    return keys;
  }

  /** Tokens and checks. */
  public AccessWiring access() {
    return access;
  }

  public RoomWiring rooms() {
    return rooms;
  }

  /** Users, teams and the tenant-filtered queries. */
  public UserWiring users() {
    return users;
  }

  /** The change feed and the audit trail. */
  public ChangeWiring changes() {
    return changes;
  }

  /** Stored groups (Liveblocks' groups API), resolved when connections are checked. */
  public dev.gatehouse.service.groups.GroupService groups() {
    return groups.get();
  }

  /** Webhooks, and the dispatcher delivering the changes to them and to the bus. */
  public dev.gatehouse.runtime.wiring.WebhookWiring webhooks() {
    return webhooks;
  }

  public ProvisioningWiring provisioning() {
    return provisioning;
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
   * Warms what a function's path needs before a SnapStart snapshot, each capability its own part,
   * without touching the network, a secret or a credential.
   */
  public void prime(Set<Warmup> warmups) {
    if (warmups.contains(Warmup.TOKENS)) {
      access.prime();
    }
    if (warmups.contains(Warmup.STORE)) {
      store.prime();
      settings.prime();
    }
  }

  /**
   * After a SnapStart restore: everything loaded with a time to live (secret keys, signing and
   * verification keys, the settings) is loaded afresh, since the snapshot may be days old.
   */
  public void afterRestore() {
    keys.afterRestore();
    settings.afterRestore();
  }

  /**
   * Still in the restore phase, before the first invocation: loads afresh what the function's
   * path reads (its secret keys, its signing or verification keys, the settings, which also
   * opens the connection to DynamoDB), with this environment's credentials. Best effort: a
   * failure here is left for the first invocation to meet, and report, on its lazy path.
   */
  public void reload(Set<Warmup> warmups) {
    List<Runnable> loads = new ArrayList<>();
    for (Supplier<?> key : keys.reloads(warmups.contains(Warmup.TOKENS))) {
      loads.add(key::get);
    }
    if (warmups.contains(Warmup.STORE)) {
      loads.add(settings::reload);
    }
    for (Runnable load : loads) {
      try {
        load.run();
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
    private Duration changeRetention = dev.gatehouse.service.changes.ChangeService.DEFAULT_RETENTION;

    private dev.gatehouse.service.webhooks.WebhookUrls webhookUrls = dev.gatehouse.service.webhooks.WebhookUrls.PUBLIC_HTTPS;
    private Optional<dev.gatehouse.service.webhooks.WebhookDispatcher.Bus> changesBus = Optional.empty();
    private dev.gatehouse.service.webhooks.WebhookDispatcher.Transport webhookTransport =
        new dev.gatehouse.runtime.webhooks.HttpWebhookTransport();

    /** Which webhook URLs are taken: public https ones (the default, as in AWS), or any (the local server). */
    public Builder webhookUrls(dev.gatehouse.service.webhooks.WebhookUrls urls) {
      this.webhookUrls = urls;
      return this;
    }

    /** The bus every change is published to. */
    public Builder changesBus(dev.gatehouse.service.webhooks.WebhookDispatcher.Bus bus) {
      this.changesBus = Optional.of(bus);
      return this;
    }

    /** How webhook requests are sent (tests may count them). */
    public Builder webhookTransport(dev.gatehouse.service.webhooks.WebhookDispatcher.Transport transport) {
      this.webhookTransport = transport;
      return this;
    }

    /** How long the change log keeps a change (the feed's and the audit trail's retention). */
    public Builder changeRetention(Duration retention) {
      this.changeRetention = retention;
      return this;
    }
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
