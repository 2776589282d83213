package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * The change log on the table. Writes put their change in the outbox ({@code OUTBOX / <at>#<id>})
 * in their own transaction; {@link #settle} places outbox changes in the log one transaction
 * each: the head ({@code CHANGESEQ / HEAD}) moved from the place read to the next, only if it is
 * still there, the change copied to {@code CHANGES / <seq>} and to its tenant's {@code
 * CHANGES#<tenant>} (or the project's {@code CHANGESP}), and the outbox item deleted, only if it
 * is still there. So however many settle at once, each change is placed once, places follow one
 * another without a gap in the order the changes were found committed, and the head, which never
 * expires, never lets a place be used twice. Reads see a change once it is placed; the feed and the audit
 * routes settle before they read.
 */
public final class DynamoDbChangeLog implements ChangeLog {
  private static final int OUTBOX_BATCH = 100;
  private static final int MAX_CONFLICTS = 20;
  private static final int FORGET_BATCH = 25;
  private static final int FORGET_MAX = 1000;
  /** At most this many placed by one call, so that a reader's request stays short; the next call goes on. */
  private static final int MAX_PLACED = 500;
  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<ChangeItem> table;
  private final DynamoDbTable<HeadItem> heads;

  public DynamoDbChangeLog(DynamoDbEnhancedClient enhanced, String tableName) {
    this.enhanced = enhanced;
    this.table = enhanced.table(tableName, ChangeItem.SCHEMA);
    this.heads = enhanced.table(tableName, HeadItem.SCHEMA);
  }

  /** {@code CHANGESEQ / HEAD}: the last place taken. */
  static final class HeadItem {
    static final String SK = "HEAD";
    static final software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema<HeadItem> SCHEMA =
        software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema.builder(HeadItem.class)
            .newItemSupplier(HeadItem::new)
            .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v)
                .tags(software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v)
                .tags(software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey()))
            .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
            .addAttribute(Long.class, a -> a.name("seq").getter(i -> i.seq).setter((i, v) -> i.seq = v))
            .build();
    String pk;
    String sk;
    String type;
    Long seq;

    static HeadItem at(long seq) {
      HeadItem item = new HeadItem();
      item.pk = Keys.CHANGES_HEAD;
      item.sk = SK;
      item.type = "CHANGE_HEAD";
      item.seq = seq;
      return item;
    }
  }

  @Override
  public void record(Change change) {
    try {
      table.putItem(ChangeItem.outbox(change));
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("record a change", e);
    }
  }

  /** The outbox put a write adds to its own transaction. */
  static TransactPutItemEnhancedRequest<ChangeItem> outboxPut(Change change) {
    return TransactPutItemEnhancedRequest.builder(ChangeItem.class).item(ChangeItem.outbox(change)).build();
  }

  /** The table the outbox puts go to, for a write's transaction. */
  static DynamoDbTable<ChangeItem> table(DynamoDbEnhancedClient enhanced, String tableName) {
    return enhanced.table(tableName, ChangeItem.SCHEMA);
  }

  @Override
  public int settle(Instant now, Duration retention) {
    try {
      forget(now.minus(retention));
      int placed = 0;
      int conflicts = 0;
      long head = head();
      for (List<ChangeItem> pending = outbox(); !pending.isEmpty() && placed < MAX_PLACED; pending = outbox()) {
        for (ChangeItem item : pending) {
          long seq = head + 1;
          long expires = expiry(item, now, retention);
          // The head moves from what was read to seq (never back: it never expires), the change is
          // copied as it is to its places, and the outbox item goes, only if it is still there.
          TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
              .addUpdateItem(heads, TransactUpdateItemEnhancedRequest.builder(HeadItem.class).item(HeadItem.at(seq))
                  .conditionExpression(head == 0 ? fresh() : headIs(head)).build())
              .addPutItem(table, TransactPutItemEnhancedRequest.builder(ChangeItem.class)
                  .item(item.placedAt(Keys.CHANGES, seq, expires)).build())
              .addPutItem(table, TransactPutItemEnhancedRequest.builder(ChangeItem.class)
                  .item(item.placedAt(item.tenant == null ? Keys.PROJECT_CHANGES : Keys.changesOf(new TenantId(item.tenant)), seq, expires))
                  .build())
              .addDeleteItem(table, TransactDeleteItemEnhancedRequest.builder()
                  .key(DynamoDbRoomRepository.key(item.pk, item.sk)).conditionExpression(present()).build());
          try {
            enhanced.transactWriteItems(tx.build());
            head = seq;
            if (++placed == MAX_PLACED) {
              break;
            }
          } catch (TransactionCanceledException | TransactionConflictException lost) {
            // Another settle placed something first (the head moved, or this change is gone):
            // read where the log ends and what is left, and go on from there.
            if (++conflicts > MAX_CONFLICTS) {
              return placed;
            }
            head = head();
            break;
          }
        }
      }
      return placed;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("place recorded changes in the log", e);
    }
  }

  /** When a placed change expires (epoch seconds): its time plus the retention, from now for a time it cannot read. */
  private static long expiry(ChangeItem item, Instant now, Duration retention) {
    try {
      return Instant.parse(item.at).plus(retention).getEpochSecond();
    } catch (RuntimeException unreadable) {
      return now.plus(retention).getEpochSecond();
    }
  }

  private static Expression fresh() {
    return Expression.builder().expression("attribute_not_exists(#seq)").putExpressionName("#seq", "seq").build();
  }

  private static Expression headIs(long seq) {
    return Expression.builder().expression("#seq = :seq").putExpressionName("#seq", "seq")
        .putExpressionValue(":seq", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Long.toString(seq))).build();
  }

  private static Expression present() {
    return Expression.builder().expression("attribute_exists(#pk)").putExpressionName("#pk", Keys.PK).build();
  }

  private List<ChangeItem> outbox() {
    return first(table.query(QueryEnhancedRequest.builder()
        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(Keys.OUTBOX).build()))
        .consistentRead(true).limit(OUTBOX_BATCH).build()));
  }

  /** The last place taken in the log, 0 when none ever was. */
  @Override
  public long head() {
    HeadItem item = heads.getItem(r -> r.key(DynamoDbRoomRepository.key(Keys.CHANGES_HEAD, HeadItem.SK)).consistentRead(true));
    return item == null || item.seq == null ? 0 : item.seq;
  }

  /**
   * Deletes the changes older than {@code horizon}, oldest first (the log is in time order), up
   * to {@link #FORGET_MAX} a call; TTL removes any left within days, and {@code expiresAt} says so.
   */
  private void forget(Instant horizon) {
    String before = Keys.timestamp(horizon);
    for (int forgotten = 0; forgotten < FORGET_MAX; ) {
      List<ChangeItem> oldest = first(table.query(QueryEnhancedRequest.builder()
          .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(Keys.CHANGES).build()))
          .consistentRead(true).limit(FORGET_BATCH).build()));
      for (ChangeItem item : oldest) {
        if (item.at.compareTo(before) >= 0) {
          return;
        }
        table.deleteItem(DynamoDbRoomRepository.key(item.tenant == null ? Keys.PROJECT_CHANGES
            : Keys.changesOf(new TenantId(item.tenant)), item.sk));
        table.deleteItem(DynamoDbRoomRepository.key(item.pk, item.sk));
        forgotten++;
      }
      if (oldest.size() < FORGET_BATCH) {
        return;
      }
    }
  }

  private static List<ChangeItem> first(software.amazon.awssdk.core.pagination.sync.SdkIterable<Page<ChangeItem>> pages) {
    var it = pages.iterator();
    return it.hasNext() ? it.next().items() : List.of();
  }

  /** The audit trail's partition: a tenant's own changes, or every change. */
  private static String partition(Optional<TenantId> tenant) {
    return tenant.map(Keys::changesOf).orElse(Keys.CHANGES);
  }

  @Override
  public List<Change> feed(long afterSequence, Optional<TenantId> tenant, int limit) {
    try {
      if (tenant.isEmpty()) {
        return delivered(Keys.CHANGES, afterSequence, limit);
      }
      // A tenant's own changes and the project-wide ones (settings, users), merged by their place.
      List<Change> merged = new ArrayList<>(delivered(Keys.changesOf(tenant.get()), afterSequence, limit));
      merged.addAll(delivered(Keys.PROJECT_CHANGES, afterSequence, limit));
      merged.sort(java.util.Comparator.comparingLong(Change::sequence));
      return merged.size() > limit ? List.copyOf(merged.subList(0, limit)) : merged;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read the change feed", e);
    }
  }

  /** Up to {@code limit} delivered changes of one partition after a place, oldest first. */
  private List<Change> delivered(String partition, long afterSequence, int limit) {
    List<Change> feed = new ArrayList<>();
    for (Page<ChangeItem> page : table.query(QueryEnhancedRequest.builder()
        .queryConditional(QueryConditional.sortGreaterThan(DynamoDbRoomRepository.key(partition, Keys.sequence(afterSequence))))
        .consistentRead(true).limit(Math.min(limit * 2, 1000)).build())) {
      for (ChangeItem item : page.items()) {
        Optional<Change> change = item.toChange();
        if (Boolean.TRUE.equals(item.delivered) && change.isPresent()) {
          feed.add(change.get());
          if (feed.size() == limit) {
            return feed;
          }
        }
      }
    }
    return feed;
  }

  @Override
  public AuditPage audit(Optional<TenantId> tenant, Optional<Long> beforeSequence, Optional<Instant> since, int limit,
      Predicate<Change> keep) {
    try {
      List<Change> scanned = new ArrayList<>();
      QueryConditional below = QueryConditional.sortLessThan(
          DynamoDbRoomRepository.key(partition(tenant), Keys.sequence(beforeSequence.orElse(Long.MAX_VALUE))));
      for (Page<ChangeItem> page : table.query(QueryEnhancedRequest.builder().queryConditional(below).consistentRead(true)
          .scanIndexForward(false).limit(Math.min(AUDIT_SCAN + 1, Math.max(limit * 2, 50))).build())) {
        for (ChangeItem item : page.items()) {
          item.toChange().ifPresent(scanned::add);
        }
        boolean pastSince = since.isPresent() && !scanned.isEmpty() && scanned.getLast().at().isBefore(since.get());
        if (pastSince || scanned.size() > AUDIT_SCAN || scanned.stream().filter(keep).count() > limit) {
          break;
        }
      }
      return AuditPage.of(scanned, since, limit, keep);
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read the audit trail", e);
    }
  }
}
