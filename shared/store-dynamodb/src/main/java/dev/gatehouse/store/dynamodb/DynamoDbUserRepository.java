package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.telemetry.Actor;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserListing;
import dev.gatehouse.store.UserPage;
import dev.gatehouse.store.UserRepository;
import dev.gatehouse.store.dynamodb.IndexScan.Candidate;
import dev.gatehouse.store.dynamodb.IndexScan.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Users in the single table: the user item in its own partition, and one membership item per team
 * in the team's partition (users without teams in the default tenant's). A write puts new
 * memberships first, then the user with a condition on its version, then removes old memberships
 * ({@link VersionedIndex}), so every team of a committed user is always indexed.
 *
 * <p>Calls: {@link #find} one GetItem; {@link #write} one GetItem, one transaction per 100 new
 * teams, one PutItem (a TransactWriteItems with its outbox change when the write changed something),
 * one DeleteItem per team left; {@link #delete} one GetItem and one TransactWriteItems (the user,
 * its change and up to 98 memberships; one DeleteItem per further team);
 * {@link #list} Query plus BatchGetItem.
 */
public final class DynamoDbUserRepository implements UserRepository {
  private static final int MAX_ATTEMPTS = 20;

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<UserItem> users;
  private final DynamoDbTable<MembershipItem> members;
  private final DynamoDbTable<ChangeItem> changes;
  private final java.time.Clock clock;

  public DynamoDbUserRepository(DynamoDbEnhancedClient enhanced, String tableName) {
    this(enhanced, tableName, java.time.Clock.systemUTC());
  }

  /** @param clock what the changes the writes record are stamped with */
  public DynamoDbUserRepository(DynamoDbEnhancedClient enhanced, String tableName, java.time.Clock clock) {
    this.enhanced = enhanced;
    this.users = enhanced.table(tableName, UserItem.SCHEMA);
    this.members = enhanced.table(tableName, MembershipItem.SCHEMA);
    this.changes = DynamoDbChangeLog.table(enhanced, tableName);
    this.clock = clock;
  }

  @Override
  public Optional<User> find(String userId) {
    try {
      UserItem item = users.getItem(GetItemEnhancedRequest.builder().key(userKey(userId)).consistentRead(true).build());
      return Optional.ofNullable(item).map(UserItem::toUser);
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read user", e);
    }
  }

  @Override
  public User write(String userId, Function<Optional<User>, User> change) {
    for (int attempt = 1; ; attempt++) {
      Optional<User> current = find(userId);
      User stored = User.nextVersion(userId, current, change.apply(current));
      try {
        write(current, stored);
        return stored;
      } catch (ConditionalCheckFailedException | VersionedIndex.StaleWrite e) {
        if (landed(current, stored)) {
          return stored;
        }
        retry(attempt, e);
      } catch (SdkException e) {
        throw DynamoDbRoomRepository.storage("write user", e);
      }
    }
  }

  /**
   * Whether a write whose condition failed had in fact landed: the SDK retried the user's PutItem
   * after its answer was lost, and the retry found the version it had itself written. Then finish
   * that write (remove the memberships of the teams it left) instead of writing the user again.
   */
  private boolean landed(Optional<User> current, User stored) {
    if (!find(stored.id()).filter(stored::equals).isPresent()) {
      return false;
    }
    VersionedIndex.remove(members, leftTeams(current, stored), thisIncarnationBefore(Keys.timestamp(stored.createdAt()), stored.version()));
    return true;
  }

  private static List<Key> leftTeams(Optional<User> current, User next) {
    Set<TenantId> after = next.listedUnder();
    List<Key> removed = new ArrayList<>();
    for (TenantId team : current.map(User::listedUnder).orElse(Set.of())) {
      if (!after.contains(team)) {
        removed.add(DynamoDbRoomRepository.key(Keys.tenant(team), Keys.member(next.id())));
      }
    }
    return removed;
  }

  private void write(Optional<User> current, User next) {
    Set<TenantId> before = current.map(User::listedUnder).orElse(Set.of());
    Set<TenantId> after = next.listedUnder();
    List<MembershipItem> added = new ArrayList<>();
    for (TenantId team : after) {
      if (!before.contains(team)) {
        added.add(MembershipItem.of(team, next));
      }
    }
    String created = Keys.timestamp(next.createdAt());
    // "<=": a membership at this very version is this write's own, left by an attempt that failed
    // after it (a throttled PutItem, a lost answer); the same item again, never a newer writer's.
    VersionedIndex.preWrite(enhanced, members, MembershipItem.class, added, Expression.builder()
        .expression("attribute_not_exists(#pk) OR #created <> :created OR #v <= :v")
        .putExpressionName("#pk", Keys.PK)
        .putExpressionName("#created", "userCreatedAt")
        .putExpressionName("#v", "userVersion")
        .putExpressionValue(":created", AttributeValue.fromS(created))
        .putExpressionValue(":v", AttributeValue.fromN(Long.toString(next.version())))
        .build());
    Expression unchanged = current.isPresent()
        ? Expression.builder().expression("#v = :v").putExpressionName("#v", "version")
            .putExpressionValue(":v", AttributeValue.fromN(Long.toString(current.get().version()))).build()
        : Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Keys.PK).build();
    // The user and its change in one transaction: a write that did not land records nothing. A
    // write that changes nothing records nothing and stays one PutItem.
    Optional<Change> change = Changes.ofUser(current, Optional.of(next), clock.instant(), Actor.current());
    if (change.isEmpty()) {
      users.putItem(PutItemEnhancedRequest.builder(UserItem.class).item(UserItem.from(next)).conditionExpression(unchanged).build());
    } else {
      writeWithChange(next, unchanged, change.get());
    }
    VersionedIndex.remove(members, leftTeams(current, next), thisIncarnationBefore(created, next.version()));
  }

  private void writeWithChange(User next, Expression unchanged, Change change) {
    for (int transientFailures = 0; ; ) {
      try {
        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(users, TransactPutItemEnhancedRequest.builder(UserItem.class).item(UserItem.from(next))
                .conditionExpression(unchanged).build())
            .addPutItem(changes, DynamoDbChangeLog.outboxPut(change))
            .build());
        return;
      } catch (TransactionCanceledException e) {
        if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
          throw new VersionedIndex.StaleWrite(); // a concurrent write of the user: read again
        }
        // A throttle or a conflict with another transaction: nothing landed, so the same write is tried again.
        DynamoDbRoomRepository.retryTransient(++transientFailures, e, "write user");
      }
    }
  }

  @Override
  public Optional<User> delete(String userId) {
    int transientFailures = 0;
    // The user a retried delete was conditioned on, when that retry found its condition failed.
    User unanswered = null;
    for (int attempt = 1; ; attempt++) {
      Optional<User> found = find(userId);
      if (unanswered != null && !found.filter(sameIncarnation(unanswered)).isPresent()) {
        // The SDK retried the transaction (its answer lost) and the retry found this user gone:
        // the first attempt landed. Finish it: the memberships past the transaction's 99 follow.
        removeOverflow(unanswered);
        return Optional.of(unanswered);
      }
      unanswered = null;
      if (found.isEmpty()) {
        return Optional.empty();
      }
      User user = found.get();
      List<Key> memberships = memberships(user);
      // The user and its memberships go in one transaction, so a failure leaves both or neither;
      // past 99 teams the rest follow it (leftovers then are verified away by readers).
      int inTransaction = Math.min(memberships.size(), IN_TRANSACTION);
      try {
        TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
            .addDeleteItem(users, TransactDeleteItemEnhancedRequest.builder().key(userKey(userId))
                .conditionExpression(Expression.builder().expression("#v = :v").putExpressionName("#v", "version")
                    .putExpressionValue(":v", AttributeValue.fromN(Long.toString(user.version()))).build())
                .build());
        Expression thisIncarnation = Expression.builder()
            .expression("attribute_not_exists(#pk) OR #created = :created")
            .putExpressionName("#pk", Keys.PK)
            .putExpressionName("#created", "userCreatedAt")
            .putExpressionValue(":created", AttributeValue.fromS(Keys.timestamp(user.createdAt())))
            .build();
        memberships.subList(0, inTransaction).forEach(key -> tx.addDeleteItem(members,
            TransactDeleteItemEnhancedRequest.builder().key(key).conditionExpression(thisIncarnation).build()));
        Changes.ofUser(found, Optional.empty(), clock.instant(), Actor.current())
            .ifPresent(c -> tx.addPutItem(changes, DynamoDbChangeLog.outboxPut(c)));
        enhanced.transactWriteItems(tx.build());
        removeOverflow(user);
        return found;
      } catch (TransactionCanceledException e) {
        if (DynamoDbRoomRepository.isTransient(e)) {
          DynamoDbRoomRepository.retryTransient(++transientFailures, e, "delete user");
        } else {
          if (DynamoDbRoomRepository.retried(e)) {
            unanswered = user;
          }
          retry(attempt, e);
        }
      } catch (SdkException e) {
        throw DynamoDbRoomRepository.storage("delete user", e);
      }
    }
  }

  /** Memberships a user delete's transaction holds with the user and its change (the other two actions). */
  private static final int IN_TRANSACTION = VersionedIndex.MAX_TRANSACTION_ACTIONS - 2;

  private static List<Key> memberships(User user) {
    return user.listedUnder().stream()
        .map(team -> DynamoDbRoomRepository.key(Keys.tenant(team), Keys.member(user.id()))).toList();
  }

  /** Deletes a deleted user's memberships that did not fit in its transaction. */
  private void removeOverflow(User deleted) {
    List<Key> memberships = memberships(deleted);
    if (memberships.size() > IN_TRANSACTION) {
      VersionedIndex.remove(members, memberships.subList(IN_TRANSACTION, memberships.size()),
          thisIncarnationBefore(Keys.timestamp(deleted.createdAt()), Long.MAX_VALUE));
    }
  }

  private static java.util.function.Predicate<User> sameIncarnation(User user) {
    return other -> other.createdAt().equals(user.createdAt());
  }

  @Override
  public List<String> memberIdsOf(TenantId team, int limit) {
    try {
      return members.query(r -> r.queryConditional(software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional
              .sortBeginsWith(DynamoDbRoomRepository.key(Keys.tenant(team), Keys.MEMBER_PREFIX))).limit(limit))
          .stream().limit(1).flatMap(p -> p.items().stream()).map(MembershipItem::memberId).toList();
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("list a team's members", e);
    }
  }

  @Override
  public void forgetMembership(TenantId team, String userId) {
    Optional<User> user = find(userId);
    if (user.isPresent() && user.get().listedUnder().contains(team)) {
      return; // still a member: the membership is not left over
    }
    Key key = DynamoDbRoomRepository.key(Keys.tenant(team), Keys.member(userId));
    Expression leftOver = user.map(u -> thisIncarnationBefore(Keys.timestamp(u.createdAt()), u.version() + 1))
        .orElse(Expression.builder().expression("attribute_exists(#pk)").putExpressionName("#pk", Keys.PK).build());
    try {
      VersionedIndex.remove(members, List.of(key), leftOver);
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("remove a membership", e);
    }
  }

  /** Memberships written by this incarnation of the user, at a version before {@code version}. */
  private static Expression thisIncarnationBefore(String created, long version) {
    return Expression.builder()
        .expression("#created = :created AND #v < :v")
        .putExpressionName("#created", "userCreatedAt")
        .putExpressionName("#v", "userVersion")
        .putExpressionValue(":created", AttributeValue.fromS(created))
        .putExpressionValue(":v", AttributeValue.fromN(Long.toString(version)))
        .build();
  }

  @Override
  public UserPage list(UserListing listing) {
    try {
      Ordering order = listing.order();
      Optional<String> after = listing.after().map(c -> Cursors.decode(c, order));
      int pageSize = Math.min(100, Math.max(25, listing.limit() * 2));
      PagedRead.Result<User> page = PagedRead.read(
          IndexScan.merged(sources(listing.source(), order), after, order.descending(), pageSize),
          listing.limit(),
          this::fetch,
          (candidate, user) -> position(user, order).equals(candidate.position())
              && belongs(listing.source(), user)
              && listing.filter().test(user));
      return new UserPage(page.items(), page.nextPosition().map(p -> Cursors.encode(order, p)));
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("list users", e);
    }
  }

  private static String position(User user, Ordering order) {
    return order.field() == Ordering.Field.CREATED_AT ? Keys.createdOrder(user.createdAt(), user.id()) : user.id();
  }

  private static boolean belongs(UserListing.Source source, User user) {
    if (!(source instanceof UserListing.Teams teams)) {
      return true;
    }
    for (TenantId team : user.listedUnder()) {
      if (teams.teams().contains(team)) {
        return true;
      }
    }
    return false;
  }

  private List<Source<?>> sources(UserListing.Source source, Ordering order) {
    boolean byTime = order.field() == Ordering.Field.CREATED_AT;
    List<Source<?>> sources = new ArrayList<>();
    switch (source) {
      case UserListing.AllUsers all -> {
        if (byTime) {
          for (String shard : Keys.listingPartitions(Keys.ALL_USERS)) {
            sources.add(new Source<>(users.index(Keys.GSI2)::query, shard, "",
                i -> new Candidate(i.gsi2sk, DynamoDbRoomRepository.key(i.pk, i.sk))));
          }
        } else {
          sources.add(new Source<>(users.index(Keys.GSI3)::query, Keys.ALL_USERS, "",
              i -> new Candidate(i.gsi3sk, DynamoDbRoomRepository.key(i.pk, i.sk))));
        }
      }
      case UserListing.Teams teams -> {
        for (TenantId team : new LinkedHashSet<>(teams.teams())) {
          String pk = Keys.tenant(team);
          sources.add(byTime
              ? new Source<>(members.index(Keys.GSI1)::query, pk, Keys.USER_PREFIX,
                  i -> new Candidate(i.gsi1sk.substring(Keys.USER_PREFIX.length()), userKey(i.memberId())))
              : new Source<>(members::query, pk, Keys.MEMBER_PREFIX,
                  i -> new Candidate(i.sk.substring(Keys.MEMBER_PREFIX.length()), userKey(i.memberId()))));
        }
      }
    }
    return sources;
  }

  private Map<Key, User> fetch(List<Key> keys) {
    Map<Key, User> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    ReadBatch.Builder<UserItem> reads = ReadBatch.builder(UserItem.class).mappedTableResource(users);
    keys.forEach(key -> reads.addGetItem(GetItemEnhancedRequest.builder().key(key).consistentRead(true).build()));
    enhanced.batchGetItem(BatchGetItemEnhancedRequest.builder().addReadBatch(reads.build()).build())
        .resultsForTable(users)
        .forEach(item -> found.put(userKey(item.userId), item.toUser()));
    return found;
  }

  private static Key userKey(String userId) {
    return DynamoDbRoomRepository.key(Keys.user(userId), Keys.USER_SK);
  }

  private static void retry(int attempt, Exception cause) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConflictException(ErrorCode.CONCURRENT_UPDATE, "The user changed too often while this request tried to write it.",
          "Retry the request.");
    }
    DynamoDbRoomRepository.retryOrGiveUp(attempt, cause);
  }
}
