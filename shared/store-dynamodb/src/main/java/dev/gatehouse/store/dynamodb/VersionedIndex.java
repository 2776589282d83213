package dev.gatehouse.store.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Index items that follow a versioned source item (a room's access entries, a user's team
 * memberships) when the change is too large for one transaction. Writers put new index items
 * <em>before</em> the source, with a condition that never lowers a newer writer's version, and
 * remove old ones <em>after</em> it, only where no newer writer has claimed them. Every entry of
 * a committed source is therefore always indexed; leftovers are verified away by readers.
 */
final class VersionedIndex {
  static final int MAX_TRANSACTION_ACTIONS = 100;

  private VersionedIndex() {}

  /** Thrown when a newer writer got to an index item first: re-read the source and try again. */
  static final class StaleWrite extends RuntimeException {
    StaleWrite() {
      super(null, null, false, false);
    }
  }

  /** Puts index items, a transaction of up to 100 conditional puts at a time. */
  static <T> void preWrite(DynamoDbEnhancedClient enhanced, DynamoDbTable<T> table, Class<T> type, List<T> items, Expression condition) {
    for (List<T> chunk : chunks(items, MAX_TRANSACTION_ACTIONS)) {
      TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder();
      chunk.forEach(item -> tx.addPutItem(table, TransactPutItemEnhancedRequest.builder(type).item(item).conditionExpression(condition).build()));
      try {
        enhanced.transactWriteItems(tx.build());
      } catch (TransactionCanceledException e) {
        if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
          throw new StaleWrite();
        }
        throw e;
      }
    }
  }

  /** Deletes index items where {@code condition} holds; an item a newer writer claimed stays. */
  static <T> void remove(DynamoDbTable<T> table, Collection<Key> keys, Expression condition) {
    for (Key key : keys) {
      try {
        table.deleteItem(DeleteItemEnhancedRequest.builder().key(key).conditionExpression(condition).build());
      } catch (ConditionalCheckFailedException keptByANewerWriter) {
        // Another writer indexed this entry again: it belongs to them now.
      }
    }
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return out;
  }
}
