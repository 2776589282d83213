package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.runtime.Refreshing;
import dev.gatehouse.functions.settings.GetSettingsHandler;
import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import dev.gatehouse.testing.MotoServer;
import dev.gatehouse.tokens.KeySet;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.crac.Resource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The SnapStart runtime hooks of every function in template.yaml, run through the {@code
 * org.crac} interface exactly as the runtime calls them: priming touches no network, no secret
 * and no credential, and a restore makes every time-bound value load again.
 */
class SnapStartHooksIT {

  /** Counts what priming must never do. */
  private static final class Tripwires {
    final AtomicInteger dynamoDbRequests = new AtomicInteger();
    final AtomicInteger credentialLookups = new AtomicInteger();
    final AtomicInteger secretReads = new AtomicInteger();

    <T> Supplier<T> counted(Supplier<T> supplier) {
      return () -> {
        secretReads.incrementAndGet();
        return supplier.get();
      };
    }
  }

  @Test
  void primingEveryFunctionTouchesNoNetworkSecretOrCredential() throws Exception {
    Tripwires trip = new Tripwires();
    AwsCredentialsProvider credentials = () -> {
      trip.credentialLookups.incrementAndGet();
      return (AwsCredentials) AwsBasicCredentials.create("x", "y");
    };
    // An endpoint nothing listens on: a request made during priming would fail the hook.
    DynamoDbClient unreachable = DynamoDbClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            trip.dynamoDbRequests.incrementAndGet();
          }
        }))
        .build();
    KeySet keys = KeySet.generate(SigningAlgorithm.ES256, Instant.now());
    Gatehouse gatehouse = Gatehouse.builder()
        .dynamoDb(unreachable)
        .tableName("never-read")
        .secretKeys(trip.counted(() -> SecretKeys.of(List.of(SecretKeys.generate()))))
        .signingKeys(trip.counted(() -> keys))
        .verificationKeys(trip.counted(keys::publicOnly), () -> {})
        .build();

    int primed = 0;
    for (SamTemplate.Function function : Repo.template().functions().values()) {
      Object handler = Class.forName(function.handlerClass()).getConstructor(Gatehouse.class).newInstance(gatehouse);
      assertTrue(handler instanceof Resource, function.logicalId() + " registers SnapStart hooks");
      ((Resource) handler).beforeCheckpoint(null);
      primed++;
    }
    assertEquals(Repo.template().functions().size(), primed);
    assertTrue(primed >= 27, "every function was primed: " + primed);
    assertEquals(0, trip.dynamoDbRequests.get(), "priming sends no DynamoDB request");
    assertEquals(0, trip.credentialLookups.get(), "priming resolves no credentials");
    assertEquals(0, trip.secretReads.get(), "priming reads no secret or key");
  }

  @Test
  void aRestoreMakesTimeBoundValuesLoadAgain() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    Refreshing<SecretKeys> secretKeys = new Refreshing<>(() -> {
      loads.incrementAndGet();
      return SecretKeys.of(List.of("sk_restore_test_key_0123456789"));
    }, Duration.ofMinutes(5), Clock.systemUTC());
    DynamoDbClient client = MotoServer.client();
    String table = MotoServer.uniqueTableName("snapstart");
    GatehouseTable.createIfMissing(client, table);
    Gatehouse gatehouse = Gatehouse.builder().dynamoDb(client).tableName(table).secretKeys(secretKeys)
        .settingsCache(Duration.ofHours(1)).build();
    Gatehouse otherContainer = Gatehouse.builder().dynamoDb(client).tableName(table).build();
    var handler = new GetSettingsHandler(gatehouse);

    secretKeys.get();
    secretKeys.get();
    assertEquals(1, loads.get(), "within its time to live the value is reused");
    assertEquals(MultiTenantMode.OFF, gatehouse.settings().service().mode());
    otherContainer.settings().service().setMultiTenant(true);
    assertEquals(MultiTenantMode.OFF, gatehouse.settings().service().mode(), "within the cache time the old settings hold");

    ((Resource) handler).afterRestore(null);
    assertEquals(2, loads.get(), "the restore hook itself loads the secret keys afresh, before any invocation");
    secretKeys.get();
    assertEquals(2, loads.get(), "and the first invocation finds them loaded");
    assertEquals(MultiTenantMode.ON, gatehouse.settings().service().mode(), "after a restore the settings load afresh");
  }

  @Test
  void theDefaultSecureRandomDrawsFreshKernelEntropyOnEveryCall() {
    // Token ids (UUID.randomUUID), ECDSA nonces and generated keys all come from the JDK's default
    // SecureRandom. On Linux that is NativePRNG, which mixes fresh /dev/urandom output into every
    // call, so environments restored from one snapshot never replay each other's sequences. A
    // deterministic DRBG seeded before the snapshot would; this test fails if the default changes.
    String algorithm = new SecureRandom().getAlgorithm();
    assertTrue(algorithm.startsWith("NativePRNG"), "the default SecureRandom is " + algorithm);
  }
}
