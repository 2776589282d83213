package dev.gatehouse.runtime.wiring;

import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.store.EventLedger;
import dev.gatehouse.store.RateCounter;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.SettingsRepository;
import dev.gatehouse.store.UserRepository;
import dev.gatehouse.store.dynamodb.ClientPriming;
import dev.gatehouse.store.dynamodb.DynamoDbAccessReads;
import dev.gatehouse.store.dynamodb.DynamoDbChangeLog;
import dev.gatehouse.store.changes.ChangeLog;
import dev.gatehouse.store.dynamodb.DynamoDbRevocationRepository;
import dev.gatehouse.store.AccessReads;
import dev.gatehouse.store.RevocationRepository;
import dev.gatehouse.store.dynamodb.DynamoDbEventLedger;
import dev.gatehouse.store.dynamodb.DynamoDbRateCounter;
import dev.gatehouse.store.dynamodb.DynamoDbRoomRepository;
import dev.gatehouse.store.dynamodb.DynamoDbSettingsRepository;
import dev.gatehouse.store.dynamodb.DynamoDbUserRepository;
import dev.gatehouse.store.dynamodb.SchemaPriming;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The store: one repository per kind of item, each built on first use, so a function pays only
 * for the repositories its path touches.
 */
public final class StoreWiring {
  private final Lazy<RoomRepository> rooms;
  private final Lazy<UserRepository> users;
  private final Lazy<SettingsRepository> settings;
  private final Lazy<EventLedger> eventLedger;
  private final Lazy<RateCounter> rateCounter;
  private final Lazy<RevocationRepository> revocations;
  private final Lazy<AccessReads> accessReads;
  private final Lazy<ChangeLog> changes;
  private final Lazy<dev.gatehouse.store.webhooks.WebhookRepository> webhooks;
  private final Lazy<dev.gatehouse.store.groups.GroupRepository> groups;

  private StoreWiring(Supplier<RoomRepository> rooms, Supplier<UserRepository> users,
      Supplier<SettingsRepository> settings, Supplier<EventLedger> eventLedger, Supplier<RateCounter> rateCounter,
      Supplier<RevocationRepository> revocations, Supplier<AccessReads> accessReads, Supplier<ChangeLog> changes,
      Supplier<dev.gatehouse.store.webhooks.WebhookRepository> webhooks,
      Supplier<dev.gatehouse.store.groups.GroupRepository> groups) {
    this.rooms = Lazy.of(rooms);
    this.users = Lazy.of(users);
    this.settings = Lazy.of(settings);
    this.eventLedger = Lazy.of(eventLedger);
    this.rateCounter = Lazy.of(rateCounter);
    this.revocations = Lazy.of(revocations);
    this.accessReads = Lazy.of(accessReads);
    this.changes = Lazy.of(changes);
    this.webhooks = Lazy.of(webhooks);
    this.groups = Lazy.of(groups);
  }

  /** A store built elsewhere: the embedded SQL store of the local server, or a test's. */
  public static StoreWiring of(Repositories given) {
    return new StoreWiring(given::rooms, given::users, given::settings, given::eventLedger, given::rateCounter,
        given::revocations, given::accessReads, given::changes, given::webhooks, given::groups);
  }

  /** The DynamoDB table, with one enhanced client shared by its repositories. */
  public static StoreWiring dynamoDb(Supplier<DynamoDbClient> client, Supplier<String> tableName, Clock clock) {
    Lazy<DynamoDbEnhancedClient> enhanced = Lazy.of(() -> DynamoDbEnhancedClient.builder().dynamoDbClient(client.get()).build());
    return new StoreWiring(
        () -> new DynamoDbRoomRepository(enhanced.get(), tableName.get(), clock),
        () -> new DynamoDbUserRepository(enhanced.get(), tableName.get(), clock),
        () -> new DynamoDbSettingsRepository(enhanced.get(), tableName.get(), clock),
        () -> new DynamoDbEventLedger(enhanced.get(), tableName.get(), clock),
        () -> new DynamoDbRateCounter(client.get(), tableName.get()),
        () -> new DynamoDbRevocationRepository(client.get(), tableName.get(), clock),
        () -> new DynamoDbAccessReads(client.get(), tableName.get()),
        () -> new DynamoDbChangeLog(enhanced.get(), tableName.get()),
        () -> new dev.gatehouse.store.dynamodb.DynamoDbWebhookRepository(client.get(), tableName.get(), clock),
        () -> new dev.gatehouse.store.dynamodb.DynamoDbGroupRepository(client.get(), tableName.get(), clock));
  }

  public RoomRepository rooms() {
    return rooms.get();
  }

  public UserRepository users() {
    return users.get();
  }

  public SettingsRepository settings() {
    return settings.get();
  }

  public EventLedger eventLedger() {
    return eventLedger.get();
  }

  public RateCounter rateCounter() {
    return rateCounter.get();
  }

  public RevocationRepository revocations() {
    return revocations.get();
  }

  /** The changes the writes recorded, in commit order. */
  public ChangeLog changes() {
    return changes.get();
  }

  /** The webhooks and the bus the changes go to. */
  public dev.gatehouse.store.webhooks.WebhookRepository webhooks() {
    return webhooks.get();
  }

  /** Stored groups, resolved at check time. */
  public dev.gatehouse.store.groups.GroupRepository groups() {
    return groups.get();
  }

  /** What one access decision reads, in one request. */
  public AccessReads accessReads() {
    return accessReads.get();
  }

  /**
   * Before a snapshot: the repositories a request path reads are built, the table schemas
   * exercised on sample items and the SDK's whole pipeline driven against canned answers
   * ({@link ClientPriming}), without a network call or a credential.
   */
  public void prime() {
    rooms.get();
    users.get();
    settings.get();
    SchemaPriming.run();
    ClientPriming.run();
  }
}
