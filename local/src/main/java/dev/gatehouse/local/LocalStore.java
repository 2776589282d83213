package dev.gatehouse.local;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the local server keeps rooms, users, settings and the event ledger. Every route goes
 * through the same handlers and services whichever it is; only the repositories differ.
 */
public sealed interface LocalStore {
  /** The embedded SQL store (SQLite): {@code DIR/gatehouse.db} with {@code --data DIR}, memory otherwise. */
  record Embedded() implements LocalStore {}

  /**
   * A DynamoDB table, through a client the caller built and owns (moto, LocalStack, AWS itself).
   *
   * @param createIfMissing create the table with the template's definition when it does not
   *     exist (emulators); against AWS a missing table is an error, never created
   */
  record DynamoDb(DynamoDbClient client, String table, boolean createIfMissing) implements LocalStore {
    public DynamoDb {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(table, "table");
    }
  }

  static LocalStore embedded() {
    return new Embedded();
  }
}
