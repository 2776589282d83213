package dev.gatehouse.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.AccessReads;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.testing.MotoServer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The capacity model's keys are the repositories' keys: each modelled pattern is run for real on
 * moto, every item key the SDK sends is recorded, and the two sets must be equal (an outbox item's
 * sort key holds its change's time and id, so there only the partition key is compared).
 */
class KeyTrafficIT {
  private static final String TABLE = MotoServer.uniqueTableName("key-traffic");

  /** The (PK, SK) of every item a request names, as "PK | SK". */
  static final class KeysSent implements ExecutionInterceptor {
    final List<String> keys = new ArrayList<>();

    @Override
    public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      if (request instanceof GetItemRequest get) {
        add(get.key());
      } else if (request instanceof BatchGetItemRequest batch) {
        batch.requestItems().values().forEach(k -> k.keys().forEach(this::add));
      } else if (request instanceof PutItemRequest put) {
        add(put.item());
      } else if (request instanceof software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest batch) {
        batch.requestItems().values().forEach(writes -> writes.forEach(w -> {
          if (w.putRequest() != null) {
            add(w.putRequest().item());
          } else if (w.deleteRequest() != null) {
            add(w.deleteRequest().key());
          }
        }));
      } else if (request instanceof TransactWriteItemsRequest tx) {
        for (TransactWriteItem item : tx.transactItems()) {
          if (item.put() != null) {
            add(item.put().item());
          } else if (item.delete() != null) {
            add(item.delete().key());
          } else if (item.update() != null) {
            add(item.update().key());
          } else if (item.conditionCheck() != null) {
            add(item.conditionCheck().key());
          }
        }
      }
    }

    private void add(Map<String, AttributeValue> item) {
      keys.add(item.get(Keys.PK).s() + " | " + item.get(Keys.SK).s());
    }

    synchronized Set<String> takeAll() {
      Set<String> taken = new TreeSet<>();
      keys.forEach(k -> taken.add(k.startsWith(Keys.OUTBOX + " ") ? Keys.OUTBOX : k));
      keys.clear();
      return taken;
    }
  }

  private static Set<String> modelled(List<KeyTraffic.Touch> touches) {
    Set<String> keys = new TreeSet<>();
    touches.stream().filter(t -> t.index() == KeyTraffic.Index.TABLE)
        .forEach(t -> keys.add(t.pk().equals(Keys.OUTBOX) ? Keys.OUTBOX : t.pk() + " | " + t.sk()));
    return keys;
  }

  @Test
  void theModelledKeysAreTheOnesTheRepositoriesSend() {
    KeysSent sent = new KeysSent();
    DynamoDbClient client = DynamoDbClient.builder()
        .endpointOverride(MotoServer.shared().endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(sent))
        .build();
    GatehouseTable.createIfMissing(client, TABLE);
    Repositories store = DynamoDbRepositories.of(client, TABLE, Clock.systemUTC());
    TenantId acme = new TenantId("acme");
    Room room = Room.create("acme:design", acme, Instant.parse("2026-03-01T10:00:00Z"), Map.of(),
        RoomAccesses.parse(List.of("room:read"), Map.of("editors", List.of("room:write")),
            Map.of("ann", List.of("room:write"), "bob", List.of("room:read"))), Optional.empty());
    sent.takeAll();

    Room created = store.rooms().create(room);
    Change creation = Changes.ofRoom(Optional.empty(), Optional.of(created), Instant.now(), Actor.SYSTEM).orElseThrow();
    assertEquals(modelled(KeyTraffic.createRoom(created, 2048, creation, 1024)), sent.takeAll(), "create-room");

    store.accessReads().read(new AccessReads.Request("ann", false, true, Set.of(acme),
        Optional.of(new AccessReads.RoomRead(created.id(), Optional.of(acme), true))));
    assertEquals(modelled(KeyTraffic.connectionCheck("ann", Optional.of(acme), created, 2048, false, false)), sent.takeAll(),
        "a connection check's one BatchGetItem");

    Room after = store.rooms().update(created.id(), r -> r.withAccesses(RoomAccesses.parse(List.of("room:read"),
        Map.of("editors", List.of("room:write")), Map.of("ann", List.of("room:write"), "cid", List.of("room:read"))))).orElseThrow();
    Change changed = Changes.ofRoom(Optional.of(created), Optional.of(after), Instant.now(), Actor.SYSTEM).orElseThrow();
    Set<String> update = modelled(KeyTraffic.updateRoom(created, after, 2048, changed, 1024));
    assertEquals(update, sent.takeAll(), "update-room (one entry out, one in)");

    store.changes().settle(Instant.now(), java.time.Duration.ofDays(30));
    Set<String> placed = sent.takeAll();
    Set<String> model = new TreeSet<>();
    modelled(KeyTraffic.placeChange(creation, 1, 1024)).forEach(k -> model.add(k.split(" \\| ")[0]));
    modelled(KeyTraffic.placeChange(changed, 2, 1024)).forEach(k -> model.add(k.split(" \\| ")[0]));
    Set<String> placedPks = new TreeSet<>();
    placed.forEach(k -> placedPks.add(k.split(" \\| ")[0]));
    assertEquals(model, placedPks, "placing the two changes: the head, the log, the tenant's share, the outbox");
  }
}
