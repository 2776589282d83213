package dev.gatehouse.store;

import dev.gatehouse.store.dynamodb.DynamoDbRepositories;
import dev.gatehouse.store.dynamodb.GatehouseTable;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB store on some engine (moto, LocalStack), on a table of its own. */
final class DynamoDbBackend implements StoreBackend {
  private final String name;
  private final Supplier<DynamoDbClient> client;
  private final String table;
  private final Optional<String> concurrencyGap;

  DynamoDbBackend(String name, Supplier<DynamoDbClient> client, String table, Optional<String> concurrencyGap) {
    this.name = name;
    this.client = client;
    this.table = table;
    this.concurrencyGap = concurrencyGap;
  }

  @Override
  public Optional<String> concurrencyGap() {
    return concurrencyGap;
  }

  @Override
  public Repositories open(Clock clock) {
    GatehouseTable.createIfMissing(client.get(), table);
    return DynamoDbRepositories.of(client.get(), table, clock);
  }

  @Override
  public void close() {
    try {
      client.get().deleteTable(r -> r.tableName(table));
    } catch (RuntimeException alreadyGone) {
      // The engine's memory is all it held.
    }
  }

  @Override
  public String name() {
    return name;
  }
}
