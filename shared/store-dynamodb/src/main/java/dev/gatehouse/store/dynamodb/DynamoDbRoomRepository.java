package dev.gatehouse.store.dynamodb;

import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.StoreErrors;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.store.dynamodb.AccessIndexItem.IndexKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Rooms in the single table.
 *
 * <p>Writes. A room is one item, written whole with a condition on its version (optimistic
 * concurrency): concurrent writers re-read and re-apply their change, so nothing is lost and no
 * update half-applies. The room-id item (which reserves the id across tenants) and the access
 * index items (one per usersAccesses/groupsAccesses key) of an update are written in the same
 * TransactWriteItems when they fit in one (up to 100 actions). A larger change writes new index
 * items before the room and removes old ones after it, with version conditions that keep every
 * entry of the committed room indexed; readers verify index hits against the room. A create
 * writes its index items before its transaction, outside it (BatchWriteItem, half the units).
 *
 * <p>Calls: {@link #find(TenantId, String)} one GetItem; {@link #find(String)} two GetItems;
 * {@link #create} one BatchWriteItem per 25 entries plus one TransactWriteItems; {@link #update} one GetItem pair plus one PutItem (no
 * key added or removed) or one TransactWriteItems; {@link #delete} two GetItems plus one
 * TransactWriteItems plus BatchWriteItem for the index; {@link #list} Query plus BatchGetItem.
 */
public final class DynamoDbRoomRepository implements RoomRepository {
  static final int MAX_TRANSACTION_ACTIONS = VersionedIndex.MAX_TRANSACTION_ACTIONS;
  private static final int MAX_ATTEMPTS = 40;

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<RoomItem> rooms;
  private final DynamoDbTable<RoomIdItem> roomIds;
  private final DynamoDbTable<AccessIndexItem> index;
  private final RoomListingReader reader;
  private final DynamoDbTable<ChangeItem> changes;
  private final java.time.Clock clock;

  public DynamoDbRoomRepository(DynamoDbEnhancedClient enhanced, String tableName) {
    this(enhanced, tableName, java.time.Clock.systemUTC());
  }

  /** @param clock what the changes the writes record are stamped with */
  public DynamoDbRoomRepository(DynamoDbEnhancedClient enhanced, String tableName, java.time.Clock clock) {
    this.enhanced = enhanced;
    this.clock = clock;
    this.changes = DynamoDbChangeLog.table(enhanced, tableName);
    this.rooms = enhanced.table(tableName, RoomItem.SCHEMA);
    this.roomIds = enhanced.table(tableName, RoomIdItem.SCHEMA);
    this.index = enhanced.table(tableName, AccessIndexItem.SCHEMA);
    this.reader = new RoomListingReader(enhanced, rooms, index);
  }

  // --- reads -------------------------------------------------------------------------------

  @Override
  public Optional<Room> find(String roomId) {
    return tenantOf(roomId).flatMap(tenant -> find(tenant, roomId));
  }

  @Override
  public Optional<Room> find(TenantId tenant, String roomId) {
    try {
      RoomItem item = rooms.getItem(GetItemEnhancedRequest.builder()
          .key(key(Keys.tenant(tenant), Keys.room(roomId)))
          .consistentRead(true)
          .build());
      return Optional.ofNullable(item).map(RoomItem::toRoom);
    } catch (SdkException e) {
      throw storage("read room", e);
    }
  }

  @Override
  public Optional<TenantId> tenantOf(String roomId) {
    try {
      RoomIdItem item = roomIds.getItem(GetItemEnhancedRequest.builder()
          .key(key(Keys.roomId(roomId), Keys.ROOM_ID_SK))
          .consistentRead(true)
          .build());
      return Optional.ofNullable(item).map(i -> new TenantId(i.tenant));
    } catch (SdkException e) {
      throw storage("read room id", e);
    }
  }

  @Override
  public Map<String, Room> findAll(Map<String, TenantId> where) {
    Map<String, Room> found = new java.util.LinkedHashMap<>();
    if (where.isEmpty()) {
      return found;
    }
    try {
      software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch.Builder<RoomItem> reads =
          software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch.builder(RoomItem.class).mappedTableResource(rooms);
      where.forEach((roomId, tenant) -> reads.addGetItem(GetItemEnhancedRequest.builder()
          .key(key(Keys.tenant(tenant), Keys.room(roomId))).consistentRead(true).build()));
      enhanced.batchGetItem(software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest.builder()
              .addReadBatch(reads.build()).build())
          .resultsForTable(rooms)
          .forEach(item -> {
            Room room = item.toRoom();
            if (room.tenant().equals(where.get(room.id()))) {
              found.put(room.id(), room);
            }
          });
      return found;
    } catch (SdkException e) {
      throw storage("read rooms", e);
    }
  }

  @Override
  public Map<String, TenantId> tenantsOf(java.util.Collection<String> ids) {
    Map<String, TenantId> found = new java.util.LinkedHashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    try {
      software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch.Builder<RoomIdItem> reads =
          software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch.builder(RoomIdItem.class).mappedTableResource(roomIds);
      new java.util.LinkedHashSet<>(ids).forEach(roomId -> reads.addGetItem(GetItemEnhancedRequest.builder()
          .key(key(Keys.roomId(roomId), Keys.ROOM_ID_SK)).consistentRead(true).build()));
      enhanced.batchGetItem(software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest.builder()
              .addReadBatch(reads.build()).build())
          .resultsForTable(roomIds)
          .forEach(item -> found.put(item.roomId, new TenantId(item.tenant)));
      return found;
    } catch (SdkException e) {
      throw storage("read room ids", e);
    }
  }

  @Override
  public List<String> roomIdsOf(TenantId tenant, int limit) {
    try {
      return rooms.query(r -> r.queryConditional(software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional
              .sortBeginsWith(key(Keys.tenant(tenant), Keys.ROOM_PREFIX))).limit(limit))
          .stream().limit(1).flatMap(p -> p.items().stream()).map(i -> i.roomId).toList();
    } catch (SdkException e) {
      throw storage("list a tenant's rooms", e);
    }
  }

  @Override
  public RoomPage list(RoomListing listing) {
    try {
      return reader.read(listing);
    } catch (SdkException e) {
      throw storage("list rooms", e);
    }
  }

  // --- writes ------------------------------------------------------------------------------

  @Override
  public Room create(Room room) {
    Room stored = room.withVersion(1);
    RoomItem item = RoomItem.from(stored);
    // This create's claim on the id. A transaction whose answer was lost (a timeout, a 500) has
    // applied; the SDK's retry then meets the id taken. DynamoDB answers such a retry from its
    // ClientRequestToken (for 10 minutes); an engine that does not, or a retry after that, fails
    // the condition, and the item it returns (ALL_OLD) names the claim that took the id: ours
    // is the success it was, anyone else's a conflict. Made per call, in the handler (SnapStart-safe).
    String writeId = UUID.randomUUID().toString();
    Set<IndexKey> entries = indexKeys(stored);
    // Recorded with the room: one change, the same through every retry of this create.
    Change created = Changes.ofRoom(Optional.empty(), Optional.of(stored), clock.instant(), Actor.current()).orElseThrow();
    int transientFailures = 0;
    boolean indexed = false;
    while (true) {
      try {
        TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(roomIds, claim(stored, writeId))
            .addPutItem(rooms, putIfAbsent(RoomItem.class, item))
            .addPutItem(changes, DynamoDbChangeLog.outboxPut(created));
        // The index first, outside the transaction (half the write units; harmless if the create
        // fails, since readers verify every hit against the room), then the room and its id.
        if (!indexed) {
          writeCreatedIndex(entries, stored, writeId);
          indexed = true;
        }
        try {
          enhanced.transactWriteItems(tx.build());
        } catch (TransactionCanceledException e) {
          if (!isOwnClaim(e, writeId) && !isTransient(e)) {
            removeCreatedIndex(entries, stored, writeId);
          }
          throw e;
        }
        return stored;
      } catch (TransactionCanceledException e) {
        if (isOwnClaim(e, writeId)) {
          return stored;
        }
        if (failedCondition(e, 0) || failedCondition(e, 1)) {
          throw roomExists(room.id());
        }
        retryTransient(++transientFailures, e, "create room");
      } catch (TransactionConflictException e) {
        retryTransient(++transientFailures, e, "create room");
      } catch (SdkException e) {
        throw storage("create room", e);
      }
    }
  }

  /**
   * A room id's claim for {@code room}, only if the id is free; a failed condition returns the
   * claim that holds it (ALL_OLD), whose {@code writeId} tells a lost answer of ours from a conflict.
   */
  private static TransactPutItemEnhancedRequest<RoomIdItem> claim(Room room, String writeId) {
    return TransactPutItemEnhancedRequest.builder(RoomIdItem.class).item(RoomIdItem.from(room, writeId))
        .conditionExpression(notExists())
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
  }

  /** Whether the room id a create's transaction found taken was taken by that create itself ({@code writeId}). */
  private static boolean isOwnClaim(TransactionCanceledException e, String writeId) {
    if (!failedCondition(e, 0)) {
      return false;
    }
    AttributeValue claim = e.cancellationReasons().get(0).item().get("writeId");
    return claim != null && writeId.equals(claim.s());
  }

  @Override
  public Optional<Room> update(String roomId, UnaryOperator<Room> change) {
    int transientFailures = 0;
    for (int attempt = 1; ; attempt++) {
      Optional<Room> found = find(roomId);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Room current = found.get();
      Room stored = current.nextVersion(change.apply(current));
      try {
        write(current, stored, Changes.ofRoom(found, Optional.of(stored), clock.instant(), Actor.current()));
        return Optional.of(stored);
      } catch (TransactionCanceledException e) {
        if (isTransient(e)) {
          retryTransient(++transientFailures, e, "update room");
        } else if (landed(current, stored)) {
          return Optional.of(stored);
        } else {
          retryOrGiveUp(attempt, e);
        }
      } catch (ConditionalCheckFailedException | VersionedIndex.StaleWrite e) {
        if (landed(current, stored)) {
          return Optional.of(stored);
        }
        retryOrGiveUp(attempt, e);
      } catch (TransactionConflictException e) {
        retryTransient(++transientFailures, e, "update room");
      } catch (SdkException e) {
        throw storage("update room", e);
      }
    }
  }

  /**
   * One TransactWriteItems: the new id's claim and room (each conditioned on being absent), the old
   * claim and room deleted (conditioned on this incarnation and version), the change, and the
   * index items moved (their sort keys hold the id). A room with more entries than fit (5 + 2 per
   * entry actions) moves by the large-write protocol: the new index items first (readers verify
   * hits against the room, so they are invisible until it lands), then the transaction, then the
   * old items deleted. A lost answer is recognised by the new claim's {@code writeId}, as in
   * {@link #create}. A rename that loses a race re-reads: the room changed (its change is carried
   * over) or it is gone (empty: 404).
   */
  @Override
  public Optional<Room> rename(String roomId, String newRoomId) {
    String writeId = UUID.randomUUID().toString();
    int transientFailures = 0;
    for (int attempt = 1; ; attempt++) {
      Optional<Room> found = find(roomId);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Room current = found.get();
      Room renamed = current.renamed(newRoomId);
      Set<IndexKey> before = indexKeys(current);
      Set<IndexKey> after = indexKeys(renamed);
      Change change = Changes.ofRename(current, renamed, clock.instant(), Actor.current());
      boolean oneTransaction = 5 + before.size() + after.size() <= MAX_TRANSACTION_ACTIONS;
      try {
        TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(roomIds, claim(renamed, writeId))
            .addPutItem(rooms, putIfAbsent(RoomItem.class, RoomItem.from(renamed)))
            .addDeleteItem(roomIds, TransactDeleteItemEnhancedRequest.builder()
                .key(key(Keys.roomId(roomId), Keys.ROOM_ID_SK)).conditionExpression(claimedBy(current)).build())
            .addDeleteItem(rooms, TransactDeleteItemEnhancedRequest.builder()
                .key(key(Keys.tenant(current.tenant()), Keys.room(roomId))).conditionExpression(versionIs(current.version())).build())
            .addPutItem(changes, DynamoDbChangeLog.outboxPut(change));
        if (oneTransaction) {
          after.forEach(k -> tx.addPutItem(index, indexItem(k, renamed)));
          before.forEach(k -> tx.addDeleteItem(index, key(k.pk(), k.sk())));
          enhanced.transactWriteItems(tx.build());
          return Optional.of(renamed);
        }
        // The new id must be free before index items are written under it: a room holding it that
        // was created in the same millisecond would share their keys (bulk imports do that).
        if (attempt == 1 && tenantOf(newRoomId).isPresent()) {
          throw roomExists(newRoomId);
        }
        preWriteIndex(after, renamed);
        try {
          enhanced.transactWriteItems(tx.build());
        } catch (TransactionCanceledException e) {
          if (!isOwnClaim(e, writeId)) {
            removeIndex(after, renamed.version() + 1);
          }
          throw e;
        }
        dropIndex(current);
        return Optional.of(renamed);
      } catch (TransactionCanceledException e) {
        if (isOwnClaim(e, writeId)) {
          if (!oneTransaction) {
            dropIndex(current);
          }
          return Optional.of(renamed);
        }
        if (failedCondition(e, 0) || failedCondition(e, 1)) {
          throw roomExists(newRoomId);
        }
        if (isTransient(e)) {
          retryTransient(++transientFailures, e, "rename room");
        } else {
          retryOrGiveUp(attempt, e);
        }
      } catch (TransactionConflictException e) {
        retryTransient(++transientFailures, e, "rename room");
      } catch (SdkException e) {
        throw storage("rename room", e);
      }
    }
  }

  @Override
  public Optional<Room> deleteIf(String roomId, java.util.function.Predicate<Room> condition) {
    int transientFailures = 0;
    // The room a retried delete was conditioned on, when that retry found its condition failed.
    Room unanswered = null;
    for (int attempt = 1; ; attempt++) {
      Optional<Room> found = find(roomId);
      if (unanswered != null && !found.filter(sameIncarnation(unanswered)).isPresent()) {
        // The SDK retried the delete (its answer lost) and the retry found this incarnation gone:
        // the first attempt landed. A delete leaves nothing to recognise it by, and a concurrent
        // delete of this same room and version would look the same, but either way the room the
        // caller's condition held for is deleted, as asked: finish the delete and say so.
        dropIndex(unanswered);
        return Optional.of(unanswered);
      }
      unanswered = null;
      if (found.isEmpty() || !condition.test(found.get())) {
        return Optional.empty();
      }
      Room current = found.get();
      Change deleted = Changes.ofRoom(found, Optional.empty(), clock.instant(), Actor.current()).orElseThrow();
      try {
        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
            .addDeleteItem(roomIds, TransactDeleteItemEnhancedRequest.builder()
                .key(key(Keys.roomId(roomId), Keys.ROOM_ID_SK))
                // The id's claim by this incarnation, not by a room created since under the same id.
                .conditionExpression(claimedBy(current))
                .build())
            .addDeleteItem(rooms, TransactDeleteItemEnhancedRequest.builder()
                .key(key(Keys.tenant(current.tenant()), Keys.room(roomId)))
                .conditionExpression(versionIs(current.version()))
                .build())
            .addPutItem(changes, DynamoDbChangeLog.outboxPut(deleted))
            .build());
        dropIndex(current);
        return Optional.of(current);
      } catch (TransactionCanceledException e) {
        if (isTransient(e)) {
          retryTransient(++transientFailures, e, "delete room");
        } else {
          if (retried(e)) {
            unanswered = current;
          }
          retryOrGiveUp(attempt, e);
        }
      } catch (TransactionConflictException e) {
        retryTransient(++transientFailures, e, "delete room");
      } catch (SdkException e) {
        throw storage("delete room", e);
      }
    }
  }

  /**
   * Deletes a deleted room's index items (their keys hold its creation time, so they are this
   * incarnation's only). The room is deleted whatever happens to them: readers verify every hit
   * against the room, and a 503 here would make the caller's retry a 404 for a delete that succeeded.
   */
  private void dropIndex(Room deleted) {
    try {
      batchDelete(indexKeys(deleted));
    } catch (SdkException | StorageException | ConflictException cleanup) {
      System.err.println("gatehouse: a deleted room's index items stay as garbage: " + cleanup.getClass().getSimpleName());
    }
  }

  private static java.util.function.Predicate<Room> sameIncarnation(Room room) {
    return other -> other.tenant().equals(room.tenant()) && other.createdAt().equals(room.createdAt());
  }

  /** Whether the SDK sent the call more than once: an earlier attempt may have applied, its answer lost. */
  static boolean retried(SdkException e) {
    return e.numAttempts() == null || e.numAttempts() > 1;
  }

  /**
   * Whether a write whose condition failed had in fact landed: the SDK retried it after its answer
   * was lost (a timeout, a 500), and the retry found the version it had itself written. Then the
   * room holds exactly {@code stored}: finish the write (drop the index entries it removed) rather
   * than apply the change again, or report a conflict with ourselves.
   */
  private boolean landed(Room current, Room stored) {
    if (!find(stored.id()).filter(stored::equals).isPresent()) {
      return false;
    }
    removeIndex(minus(indexKeys(current), indexKeys(stored)), stored.version());
    return true;
  }

  /**
   * Writes {@code next} over {@code current}, keeping the access index in step, and records its
   * change in the same transaction (a write that changes nothing records nothing, and is a PutItem).
   */
  private void write(Room current, Room next, Optional<Change> change) {
    RoomItem item = RoomItem.from(next);
    Set<IndexKey> before = indexKeys(current);
    Set<IndexKey> after = indexKeys(next);
    Set<IndexKey> added = minus(after, before);
    Set<IndexKey> removed = minus(before, after);
    Expression unchanged = versionIs(current.version());

    if (added.isEmpty() && removed.isEmpty() && change.isEmpty()) {
      rooms.putItem(PutItemEnhancedRequest.builder(RoomItem.class).item(item).conditionExpression(unchanged).build());
      return;
    }
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
        .addPutItem(rooms, TransactPutItemEnhancedRequest.builder(RoomItem.class).item(item).conditionExpression(unchanged).build());
    change.ifPresent(c -> tx.addPutItem(changes, DynamoDbChangeLog.outboxPut(c)));
    if (2 + added.size() + removed.size() <= MAX_TRANSACTION_ACTIONS) {
      added.forEach(k -> tx.addPutItem(index, indexItem(k, next)));
      removed.forEach(k -> tx.addDeleteItem(index, key(k.pk(), k.sk())));
      enhanced.transactWriteItems(tx.build());
      return;
    }
    // Large change: index the new entries first (never lowering a newer writer's version),
    // then the room with its change, then drop the old entries unless a newer writer re-added them.
    preWriteIndex(added, next);
    enhanced.transactWriteItems(tx.build());
    removeIndex(removed, next.version());
  }

  /**
   * A new room's index items, 25 to a BatchWriteItem and unconditional: their sort keys hold the
   * room's creation time, so no other incarnation's items share them, and only a concurrent create
   * of the same id in the same millisecond could write the same keys (see {@link #removeCreatedIndex}).
   */
  private void writeCreatedIndex(Set<IndexKey> keys, Room room, String writeId) {
    for (List<IndexKey> chunk : VersionedIndex.chunks(new ArrayList<>(keys), 25)) {
      List<AccessIndexItem> pending = new ArrayList<>();
      for (IndexKey key : chunk) {
        AccessIndexItem item = AccessIndexItem.of(key, room.id(), room.tenant().value(), room.version());
        item.writeId = writeId;
        pending.add(item);
      }
      for (int round = 0; !pending.isEmpty(); round++) {
        WriteBatch.Builder<AccessIndexItem> batch = WriteBatch.builder(AccessIndexItem.class).mappedTableResource(index);
        pending.forEach(batch::addPutItem);
        BatchWriteResult result = enhanced.batchWriteItem(BatchWriteItemEnhancedRequest.builder().addWriteBatch(batch.build()).build());
        pending = result.unprocessedPutItemsForTable(index);
        if (!pending.isEmpty()) {
          retryOrGiveUp(round + 1, null);
        }
      }
    }
  }

  /**
   * After a create that failed (the id was taken): its index items go, each only if this create
   * wrote it last ({@code writeId}). An item that the room now holding the id also has (a
   * concurrent create of the id in the same millisecond, which committed: same keys) is given
   * back that room's content instead, again only where this create wrote last. Until then a
   * reader of that entry misses the room (it verifies every hit), never gains one. What a failure
   * leaves behind is garbage that readers verify away.
   */
  private void removeCreatedIndex(Set<IndexKey> keys, Room attempted, String writeId) {
    try {
      Optional<Room> winner = find(attempted.id()).filter(room -> room.createdAt().equals(attempted.createdAt()));
      Set<IndexKey> winners = winner.map(DynamoDbRoomRepository::indexKeys).orElse(Set.of());
      Expression mine = Expression.builder()
          .expression("#w = :w")
          .putExpressionName("#w", "writeId")
          .putExpressionValue(":w", AttributeValue.fromS(writeId))
          .build();
      for (IndexKey key : keys) {
        if (!winners.contains(key)) {
          continue;
        }
        Room holder = winner.orElseThrow();
        try {
          index.putItem(PutItemEnhancedRequest.builder(AccessIndexItem.class)
              .item(AccessIndexItem.of(key, holder.id(), holder.tenant().value(), holder.version()))
              .conditionExpression(mine).build());
        } catch (ConditionalCheckFailedException rewrittenSince) {
          // Its room wrote it again since: it is right as it is.
        }
      }
      VersionedIndex.remove(index, keys.stream().filter(k -> !winners.contains(k)).map(k -> key(k.pk(), k.sk())).toList(), mine);
    } catch (SdkException | StorageException cleanup) {
      System.err.println("gatehouse: a failed create's index items stay as garbage: " + cleanup.getClass().getSimpleName());
    }
  }

  /** Writes index items for {@code room.version()}, never lowering a newer writer's. */
  private void preWriteIndex(Set<IndexKey> keys, Room room) {
    Expression notNewer = Expression.builder()
        .expression("attribute_not_exists(#pk) OR #rv < :rv")
        .putExpressionName("#pk", Keys.PK)
        .putExpressionName("#rv", "roomVersion")
        .putExpressionValue(":rv", AttributeValue.fromN(Long.toString(room.version())))
        .build();
    List<AccessIndexItem> items = keys.stream()
        .map(k -> AccessIndexItem.of(k, room.id(), room.tenant().value(), room.version())).toList();
    VersionedIndex.preWrite(enhanced, index, AccessIndexItem.class, items, notNewer);
  }

  /** Deletes index items written for versions before {@code version}; newer ones stay. */
  private void removeIndex(Set<IndexKey> keys, long version) {
    Expression older = Expression.builder()
        .expression("#rv < :rv")
        .putExpressionName("#rv", "roomVersion")
        .putExpressionValue(":rv", AttributeValue.fromN(Long.toString(version)))
        .build();
    VersionedIndex.remove(index, keys.stream().map(k -> key(k.pk(), k.sk())).toList(), older);
  }

  /** Deletes index items unconditionally, 25 per BatchWriteItem, retrying unprocessed ones. */
  private void batchDelete(Set<IndexKey> keys) {
    for (List<IndexKey> chunk : VersionedIndex.chunks(new ArrayList<>(keys), 25)) {
      List<Key> pending = chunk.stream().map(k -> key(k.pk(), k.sk())).toList();
      for (int round = 0; !pending.isEmpty(); round++) {
        WriteBatch.Builder<AccessIndexItem> batch = WriteBatch.builder(AccessIndexItem.class).mappedTableResource(index);
        pending.forEach(batch::addDeleteItem);
        BatchWriteResult result = enhanced.batchWriteItem(BatchWriteItemEnhancedRequest.builder().addWriteBatch(batch.build()).build());
        pending = result.unprocessedDeleteItemsForTable(index);
        if (!pending.isEmpty()) {
          retryOrGiveUp(round + 1, null);
        }
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  static Set<IndexKey> indexKeys(Room room) {
    Set<IndexKey> keys = new LinkedHashSet<>();
    String sk = Keys.roomByCreation(room.createdAt(), room.id());
    room.accesses().usersAccesses().keySet().forEach(u -> keys.add(new IndexKey(Keys.userAccess(u), sk)));
    room.accesses().groupsAccesses().keySet().forEach(g -> keys.add(new IndexKey(Keys.groupAccess(g), sk)));
    return keys;
  }

  private TransactPutItemEnhancedRequest<AccessIndexItem> indexItem(IndexKey k, Room room) {
    return TransactPutItemEnhancedRequest.builder(AccessIndexItem.class)
        .item(AccessIndexItem.of(k, room.id(), room.tenant().value(), room.version()))
        .build();
  }

  private static <T> TransactPutItemEnhancedRequest<T> putIfAbsent(Class<T> type, T item) {
    return TransactPutItemEnhancedRequest.builder(type).item(item).conditionExpression(notExists()).build();
  }

  static Key key(String pk, String sk) {
    return Key.builder().partitionValue(pk).sortValue(sk).build();
  }

  private static Expression notExists() {
    return Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Keys.PK).build();
  }

  private static Expression claimedBy(Room room) {
    return Expression.builder()
        .expression("#t = :t AND #c = :c")
        .putExpressionName("#t", "tenant")
        .putExpressionName("#c", "createdAt")
        .putExpressionValue(":t", AttributeValue.fromS(room.tenant().value()))
        .putExpressionValue(":c", AttributeValue.fromS(Keys.timestamp(room.createdAt())))
        .build();
  }

  private static Expression versionIs(long version) {
    return Expression.builder()
        .expression("#v = :v")
        .putExpressionName("#v", "version")
        .putExpressionValue(":v", AttributeValue.fromN(Long.toString(version)))
        .build();
  }

  private static boolean failedCondition(TransactionCanceledException e, int action) {
    List<CancellationReason> reasons = e.cancellationReasons();
    return reasons.size() > action && "ConditionalCheckFailed".equals(reasons.get(action).code());
  }

  private static Set<IndexKey> minus(Set<IndexKey> a, Set<IndexKey> b) {
    Set<IndexKey> out = new LinkedHashSet<>(a);
    out.removeAll(new HashSet<>(b));
    return out;
  }


  /** Transactions a request retries after DynamoDB cancelled them for its own reasons (contention, throttling). */
  static final int TRANSIENT_ATTEMPTS = 3;

  /**
   * A cancellation none of whose reasons is a failed condition: a conflict with another
   * transaction or throttling inside DynamoDB, which says nothing about our data, so re-reading
   * and retrying 40 times as for a lost race only spins; it gets a short budget, then a 503.
   */
  static boolean isTransient(TransactionCanceledException e) {
    return e.cancellationReasons().stream().noneMatch(r -> "ConditionalCheckFailed".equals(r.code()));
  }

  /** Backs off before the next try, or gives up with a 503 once {@link #TRANSIENT_ATTEMPTS} tries failed. */
  static void retryTransient(int failures, SdkException cause, String what) {
    if (failures >= TRANSIENT_ATTEMPTS) {
      throw storage(what, cause);
    }
    retryOrGiveUp(failures, cause);
  }

  static void retryOrGiveUp(int attempt, Exception cause) {
    RequestNotes.count(Metric.STORAGE_CONFLICTS);
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConflictException(
          ErrorCode.CONCURRENT_UPDATE,
          "The room changed too often while this request tried to update it.",
          "Retry the request.");
    }
    try {
      // Jittered backoff, growing with the attempt, capped at ~50 ms.
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(48, attempt * 4L)));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while retrying a room write", cause);
    }
  }

  private static ConflictException roomExists(String roomId) {
    return StoreErrors.roomExists(roomId);
  }

  /** The caller reads what failed; AWS's error code, request id and table stay in the cause, for the log. */
  static StorageException storage(String what, SdkException e) {
    return new StorageException("Could not " + what + ": the store is unavailable or busy.", e);
  }
}
