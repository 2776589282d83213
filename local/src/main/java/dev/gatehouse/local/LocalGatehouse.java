package dev.gatehouse.local;

import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.keys.SigningKeyManager;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import dev.gatehouse.store.sql.SqlStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Gatehouse on this machine: a store ({@link LocalStore}: the embedded SQL store by default, in
 * memory or in a data directory; or a DynamoDB table), a secret key, and one instance of every
 * handler named in {@code template.yaml}, built exactly as Lambda would but with these
 * dependencies.
 */
public final class LocalGatehouse implements AutoCloseable {
  /** The table name used locally. */
  public static final String TABLE = "gatehouse";

  /**
   * The key the files in {@code events/} carry, accepted by {@code ./gatehouse invoke} (and by
   * {@code sam local invoke} through {@code events/env/sam-local.json}). Not a secret: it only ever opens a
   * local, throwaway store, and Gatehouse refuses inline keys when running in AWS.
   */
  public static final String EVENTS_KEY = "sk_local_events_only_not_a_secret";

  /** The {@code pid} of tokens minted locally. */
  public static final String PROJECT = "gatehouse-local";

  private final AutoCloseable store;
  private final Gatehouse gatehouse;
  private final String secretKey;
  private final Map<String, Object> handlers = new LinkedHashMap<>();
  private final SamTemplate template;

  private LocalGatehouse(AutoCloseable store, Gatehouse gatehouse, String secretKey, SamTemplate template) {
    this.store = store;
    this.gatehouse = gatehouse;
    this.secretKey = secretKey;
    this.template = template;
  }

  /**
   * Opens the embedded store and builds every handler.
   *
   * @param dataDirectory where to persist data; empty for in-memory
   * @param secretKey the key to accept; empty to reuse the data directory's key or generate one
   * @param extraKeys further keys to accept (the events' key, for invoke)
   */
  public static LocalGatehouse start(SamTemplate template, Optional<Path> dataDirectory, Optional<String> secretKey,
      List<String> extraKeys) {
    return start(template, LocalStore.embedded(), dataDirectory, secretKey, extraKeys, Clock.systemUTC());
  }

  /**
   * As {@link #start(SamTemplate, Optional, Optional, List)}, with the clock every handler reads
   * (creation times, token times): tests that compare answers across runs fix it.
   */
  public static LocalGatehouse start(SamTemplate template, Optional<Path> dataDirectory, Optional<String> secretKey,
      List<String> extraKeys, Clock clock) {
    return start(template, LocalStore.embedded(), dataDirectory, secretKey, extraKeys, clock);
  }

  /**
   * Every handler on the given store. The data directory keeps the secret key and the signing
   * keys in every mode, and the embedded store's database too.
   */
  public static LocalGatehouse start(SamTemplate template, LocalStore store, Optional<Path> dataDirectory,
      Optional<String> secretKey, List<String> extraKeys, Clock clock) {
    String key = secretKey.orElseGet(() -> dataDirectory.map(LocalGatehouse::persistedKey).orElseGet(SecretKeys::generate));
    List<String> keys = new ArrayList<>();
    keys.add(key);
    keys.addAll(extraKeys);
    LocalKeyStore keyStore = new LocalKeyStore(dataDirectory);
    Gatehouse.Builder builder = Gatehouse.builder()
        .clock(clock)
        .secretKeys(SecretKeys.of(keys))
        .signingKeys(keyStore::signingKeys)
        .verificationKeys(() -> keyStore.signingKeys().publicOnly(), () -> {})
        .keyManager(() -> new SigningKeyManager(keyStore, Clock.systemUTC(), Duration.ofHours(1).plusDays(1)))
        .projectId(PROJECT)
        // Locally any URL: a receiver on this machine (http://127.0.0.1:...) is the usual one.
        .webhookUrls(dev.gatehouse.service.webhooks.WebhookUrls.ANY);
    AutoCloseable opened = switch (store) {
      case LocalStore.Embedded embedded -> {
        SqlStore sql = SqlStore.open(dataDirectory, clock);
        builder.repositories(sql.repositories());
        yield sql;
      }
      case LocalStore.DynamoDb dynamo -> {
        if (dynamo.createIfMissing()) {
          GatehouseTable.createIfMissing(dynamo.client(), dynamo.table());
        } else {
          GatehouseTable.requireExists(dynamo.client(), dynamo.table());
        }
        builder.dynamoDb(dynamo.client()).tableName(dynamo.table());
        yield () -> {}; // the caller owns the client
      }
    };
    try {
      LocalGatehouse local = new LocalGatehouse(opened, builder.build(), key, template);
      template.functions().values().forEach(f -> local.handlers.put(f.logicalId(), local.instantiate(f.handlerClass())));
      return local;
    } catch (RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  /**
   * Every handler on a DynamoDB client the caller runs and owns: it may carry interceptors and a
   * retry budget of its own (the fault-injection tests give it the production budget and a
   * {@code FaultInjector}). The table is created if missing; nothing is persisted; closing this
   * leaves the client open.
   */
  public static LocalGatehouse onStore(SamTemplate template, DynamoDbClient dynamoDb, String secretKey) {
    return start(template, new LocalStore.DynamoDb(dynamoDb, TABLE, true), Optional.empty(), Optional.of(secretKey), List.of(),
        Clock.systemUTC());
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already failing: the first error is the one to report
    }
  }

  /** The data directory's key, created on first use with owner-only permissions. */
  private static String persistedKey(Path directory) {
    Path file = directory.resolve("secret-key");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(directory);
      String key = SecretKeys.generate();
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's own permissions apply.
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the secret key in " + directory, e);
    }
  }

  /**
   * The signing keys locally: generated on first use (RS256, the default), kept in {@code DIR/signing-keys.json}
   * (owner-only) with {@code --data}, in memory otherwise. Rotation through SigningKeysFunction
   * writes here too.
   */
  static final class LocalKeyStore implements SigningKeyManager.KeyStore {
    private final Optional<Path> file;
    private volatile KeySet keys;

    LocalKeyStore(Optional<Path> dataDirectory) {
      this.file = dataDirectory.map(d -> d.resolve("signing-keys.json"));
    }

    synchronized KeySet signingKeys() {
      if (keys == null) {
        Optional<String> stored = readFile();
        keys = stored.isPresent()
            ? KeySet.parse(stored.get(), Instant.now())
            : KeySet.generate(SigningAlgorithm.RS256, Instant.now());
        if (stored.isEmpty()) {
          save(keys.toStoredJson());
        }
      }
      return keys;
    }

    /** The stored set; locally there always is one, generated on first use. */
    @Override
    public Optional<String> readSigningKeys() {
      return Optional.of(signingKeys().toStoredJson());
    }

    private Optional<String> readFile() {
      try {
        return file.isPresent() && Files.exists(file.get())
            ? Optional.of(Files.readString(file.get(), StandardCharsets.UTF_8))
            : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void write(String signing, String verification) {
      keys = KeySet.parse(signing, Instant.now());
      save(signing);
    }

    private void save(String json) {
      if (file.isEmpty()) {
        return;
      }
      try {
        Files.createDirectories(file.get().getParent());
        Files.writeString(file.get(), json, StandardCharsets.UTF_8);
        try {
          Files.setPosixFilePermissions(file.get(), PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Windows: the directory's own permissions apply.
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep the signing keys in " + file.get(), e);
      }
    }
  }

  private Object instantiate(String className) {
    try {
      return Class.forName(className).getConstructor(Gatehouse.class).newInstance(gatehouse);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(className + " (named in template.yaml) is not on the classpath; run ./gatehouse build", e);
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(className + " needs a public constructor taking a Gatehouse", e);
    }
  }

  public Gatehouse gatehouse() {
    return gatehouse;
  }

  public String secretKey() {
    return secretKey;
  }

  public SamTemplate template() {
    return template;
  }

  /** The handler instance of a function, by its logical id. */
  public Object handler(String logicalId) {
    Object handler = handlers.get(logicalId);
    if (handler == null) {
      throw new IllegalArgumentException("no function " + logicalId + " in template.yaml; functions: " + handlers.keySet());
    }
    return handler;
  }

  /** Closes the embedded store (a DynamoDB client stays open: its caller owns it). */
  @Override
  public void close() {
    try {
      store.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not close the store", e);
    }
  }
}
