package dev.gatehouse.store.dynamodb;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.StoreErrors;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.store.groups.Group;
import dev.gatehouse.store.groups.GroupPage;
import dev.gatehouse.store.groups.GroupRepository;
import dev.gatehouse.telemetry.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Groups on the single table. The group item {@code GROUP#<id> / GROUP} holds its members (the
 * source of truth, and its key makes the id unique in the project); each member also has an item
 * in its group's tenant's partition, {@code TENANT#<t> / GMEMBER#<n>:<userId>#<groupId>}, which
 * the connection check reads with one strongly consistent Query, and which GSI2 lists by user.
 * The group, the member items a write changes and its outbox change go in one TransactWriteItems,
 * conditional on the group's version, so the member items always match what the group lists.
 */
public final class DynamoDbGroupRepository implements GroupRepository {
  static final String TYPE = "GROUP";
  static final String MEMBER_TYPE = "GROUP_MEMBER";
  private static final int MAX_ATTEMPTS = 20;
  /** Member deletions that fit beside a group delete and its change in one transaction. */
  private static final int DELETES_WITH_GROUP = VersionedIndex.MAX_TRANSACTION_ACTIONS - 2;
  private final DynamoDbClient client;
  private final String tableName;
  private final java.time.Clock clock;

  public DynamoDbGroupRepository(DynamoDbClient client, String tableName, java.time.Clock clock) {
    this.client = client;
    this.tableName = tableName;
    this.clock = clock;
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
  }

  private static Map<String, AttributeValue> groupKey(String groupId) {
    return key(Keys.group(groupId), Keys.GROUP_SK);
  }

  private static Map<String, AttributeValue> memberKey(TenantId tenant, String userId, String groupId) {
    return key(Keys.tenant(tenant), Keys.groupMember(userId, groupId));
  }

  private static Map<String, AttributeValue> item(Group group) {
    Map<String, AttributeValue> item = new HashMap<>(groupKey(group.id()));
    item.put("type", AttributeValue.fromS(TYPE));
    item.put("id", AttributeValue.fromS(group.id()));
    item.put("tenant", AttributeValue.fromS(group.tenant().value()));
    item.put("createdAt", AttributeValue.fromS(Keys.timestamp(group.createdAt())));
    item.put("updatedAt", AttributeValue.fromS(Keys.timestamp(group.updatedAt())));
    item.put("mention", AttributeValue.fromBool(group.mention()));
    Map<String, AttributeValue> members = new LinkedHashMap<>();
    group.members().forEach((id, at) -> members.put(id, AttributeValue.fromS(Keys.timestamp(at))));
    item.put("members", AttributeValue.fromM(members));
    item.put("version", AttributeValue.fromN(Long.toString(group.version())));
    item.put(Keys.GSI3_PK, AttributeValue.fromS(Keys.ALL_GROUPS));
    item.put(Keys.GSI3_SK, AttributeValue.fromS(group.id()));
    return item;
  }

  private static Group group(Map<String, AttributeValue> item) {
    Map<String, Instant> members = new LinkedHashMap<>();
    AttributeValue stored = item.get("members");
    if (stored != null && stored.hasM()) {
      stored.m().forEach((id, at) -> members.put(id, Instant.parse(at.s())));
    }
    return new Group(item.get("id").s(), new TenantId(item.get("tenant").s()), Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()), Boolean.TRUE.equals(item.get("mention").bool()), members,
        Long.parseLong(item.get("version").n()));
  }

  private TransactWriteItem putMember(Group group, String userId, Instant addedAt) {
    Map<String, AttributeValue> item = new HashMap<>(memberKey(group.tenant(), userId, group.id()));
    item.put("type", AttributeValue.fromS(MEMBER_TYPE));
    item.put("groupId", AttributeValue.fromS(group.id()));
    item.put("userId", AttributeValue.fromS(userId));
    item.put("tenant", AttributeValue.fromS(group.tenant().value()));
    item.put("addedAt", AttributeValue.fromS(Keys.timestamp(addedAt)));
    item.put(Keys.GSI2_PK, AttributeValue.fromS(Keys.userGroups(userId)));
    item.put(Keys.GSI2_SK, AttributeValue.fromS(group.id()));
    return TransactWriteItem.builder().put(p -> p.tableName(tableName).item(item)).build();
  }

  private TransactWriteItem deleteMember(Group group, String userId) {
    return TransactWriteItem.builder()
        .delete(d -> d.tableName(tableName).key(memberKey(group.tenant(), userId, group.id()))).build();
  }

  private TransactWriteItem outbox(Change change) {
    Map<String, AttributeValue> item = ChangeItem.SCHEMA.itemToMap(ChangeItem.outbox(change), true);
    return TransactWriteItem.builder().put(p -> p.tableName(tableName).item(item)).build();
  }

  /** The group's put, conditional on it being absent ({@code expected} empty) or at the expected version. */
  private TransactWriteItem putGroup(Group group, Optional<Group> expected) {
    return TransactWriteItem.builder().put(p -> {
      p.tableName(tableName).item(item(group));
      if (expected.isEmpty()) {
        p.conditionExpression("attribute_not_exists(PK)");
      } else {
        p.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(expected.get().version()))));
      }
    }).build();
  }

  @Override
  public Group create(Group group) {
    GroupRepository.requireFewChanges(group.members().size());
    List<TransactWriteItem> actions = new ArrayList<>();
    actions.add(putGroup(group, Optional.empty()));
    group.members().forEach((id, at) -> actions.add(putMember(group, id, at)));
    Changes.ofGroup(Optional.empty(), Optional.of(group), clock.instant(), Actor.current()).ifPresent(c -> actions.add(outbox(c)));
    for (int transientFailures = 0; ; ) {
      try {
        client.transactWriteItems(b -> b.transactItems(actions));
        return group;
      } catch (TransactionCanceledException e) {
        if (DynamoDbRoomRepository.isTransient(e)) {
          DynamoDbRoomRepository.retryTransient(++transientFailures, e, "create a group");
          continue;
        }
        // The id is taken, unless the SDK retried this very write after its answer was lost.
        if (DynamoDbRoomRepository.retried(e) && find(group.id()).filter(group::equals).isPresent()) {
          return group;
        }
        throw StoreErrors.groupExists(group.id());
      } catch (SdkException e) {
        throw DynamoDbRoomRepository.storage("create a group", e);
      }
    }
  }

  @Override
  public Optional<Group> find(String groupId) {
    try {
      Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName).key(groupKey(groupId)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(group(item));
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read a group", e);
    }
  }

  @Override
  public Optional<Group> update(String groupId, UnaryOperator<Group> change) {
    int transientFailures = 0;
    for (int attempt = 1; ; attempt++) {
      Optional<Group> found = find(groupId);
      if (found.isEmpty()) {
        return found;
      }
      Group current = found.get();
      // The change is applied to what is stored now: adding a member twice or removing a
      // non-member changes nothing, so a retry of a write that landed finds nothing left to do.
      Group next = change.apply(current);
      if (next.members().equals(current.members())) {
        return found;
      }
      Group stored = new Group(current.id(), current.tenant(), current.createdAt(), next.updatedAt(), current.mention(),
          next.members(), current.version() + 1);
      Set<String> removed = new LinkedHashSet<>(current.members().keySet());
      removed.removeAll(stored.members().keySet());
      Set<String> added = new LinkedHashSet<>(stored.members().keySet());
      added.removeAll(current.members().keySet());
      GroupRepository.requireFewChanges(removed.size() + added.size());
      List<TransactWriteItem> actions = new ArrayList<>();
      actions.add(putGroup(stored, found));
      added.forEach(id -> actions.add(putMember(stored, id, stored.members().get(id))));
      removed.forEach(id -> actions.add(deleteMember(stored, id)));
      Changes.ofGroup(found, Optional.of(stored), clock.instant(), Actor.current()).ifPresent(c -> actions.add(outbox(c)));
      try {
        client.transactWriteItems(b -> b.transactItems(actions));
        return Optional.of(stored);
      } catch (TransactionCanceledException e) {
        if (DynamoDbRoomRepository.isTransient(e)) {
          DynamoDbRoomRepository.retryTransient(++transientFailures, e, "update a group");
        } else {
          retry(attempt, e); // another write changed the group first: read it again
        }
      } catch (SdkException e) {
        throw DynamoDbRoomRepository.storage("update a group", e);
      }
    }
  }

  @Override
  public Optional<Group> delete(String groupId) {
    int transientFailures = 0;
    Set<String> everyMember = new LinkedHashSet<>();
    Optional<Group> first = Optional.empty();
    for (int attempt = 1; ; attempt++) {
      Optional<Group> found = find(groupId);
      if (found.isEmpty()) {
        // Gone: never there (404), or gone while this delete took its steps (or its last step
        // landed and the SDK's retry found it so): deleted either way.
        return first;
      }
      Group current = found.get();
      first = first.or(() -> found);
      everyMember.addAll(current.members().keySet());
      List<TransactWriteItem> actions = new ArrayList<>();
      List<String> members = List.copyOf(current.members().keySet());
      boolean last = members.size() <= DELETES_WITH_GROUP;
      if (last) {
        actions.add(TransactWriteItem.builder().delete(d -> d.tableName(tableName).key(groupKey(groupId))
            .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(current.version())))))
            .build());
        members.forEach(id -> actions.add(deleteMember(current, id)));
        Map<String, Instant> all = new LinkedHashMap<>();
        everyMember.forEach(id -> all.put(id, current.members().getOrDefault(id, current.updatedAt())));
        Group asItWas = new Group(current.id(), current.tenant(), current.createdAt(), current.updatedAt(), current.mention(),
            all, current.version());
        Changes.ofGroup(Optional.of(asItWas), Optional.empty(), clock.instant(), Actor.current())
            .ifPresent(c -> actions.add(outbox(c)));
      } else {
        // A big group leaves in steps: members first, a chunk per transaction with the group
        // (which keeps listing exactly the members still indexed), then the group itself.
        List<String> chunk = members.subList(members.size() - MEMBER_CHANGES_PER_WRITE, members.size());
        Map<String, Instant> remaining = new LinkedHashMap<>(current.members());
        chunk.forEach(remaining::remove);
        Group smaller = new Group(current.id(), current.tenant(), current.createdAt(), current.updatedAt(), current.mention(),
            remaining, current.version() + 1);
        actions.add(putGroup(smaller, found));
        chunk.forEach(id -> actions.add(deleteMember(current, id)));
      }
      try {
        client.transactWriteItems(b -> b.transactItems(actions));
        if (last) {
          return first;
        }
      } catch (TransactionCanceledException e) {
        if (DynamoDbRoomRepository.isTransient(e)) {
          DynamoDbRoomRepository.retryTransient(++transientFailures, e, "delete a group");
        } else {
          retry(attempt, e);
        }
      } catch (SdkException e) {
        throw DynamoDbRoomRepository.storage("delete a group", e);
      }
    }
  }

  private static void retry(int attempt, Exception cause) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new ConflictException(ErrorCode.CONCURRENT_UPDATE, "The group changed too often while this request tried to write it.",
          "Retry the request.");
    }
    DynamoDbRoomRepository.retryOrGiveUp(attempt, cause);
  }

  @Override
  public GroupPage list(Optional<String> startingAfter, int limit) {
    List<String> ids = indexPage(Keys.GSI3, Keys.GSI3_PK, Keys.GSI3_SK, Keys.ALL_GROUPS, startingAfter, limit);
    return page(ids, limit, group -> true);
  }

  @Override
  public GroupPage listOf(String userId, Optional<String> startingAfter, int limit) {
    List<String> ids = indexPage(Keys.GSI2, Keys.GSI2_PK, Keys.GSI2_SK, Keys.userGroups(userId), startingAfter, limit);
    // The index is eventually consistent: a group is kept only if it still lists the user.
    return page(ids, limit, group -> group.members().containsKey(userId));
  }

  /** Up to {@code limit + 1} group ids from an index partition, after {@code startingAfter}. */
  private List<String> indexPage(String index, String pkName, String skName, String partition, Optional<String> startingAfter,
      int limit) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", AttributeValue.fromS(partition));
    String condition = "#pk = :pk";
    if (startingAfter.isPresent()) {
      condition += " AND #sk > :after";
      values.put(":after", AttributeValue.fromS(startingAfter.get()));
    }
    String keyCondition = condition;
    Map<String, String> names = startingAfter.isPresent() ? Map.of("#pk", pkName, "#sk", skName) : Map.of("#pk", pkName);
    List<String> ids = new ArrayList<>();
    try {
      Map<String, AttributeValue> resume = null;
      do {
        Map<String, AttributeValue> from = resume;
        QueryResponse response = client.query(b -> b.tableName(tableName).indexName(index).keyConditionExpression(keyCondition)
            .expressionAttributeNames(names).expressionAttributeValues(values).limit(limit + 1 - ids.size())
            .exclusiveStartKey(from));
        response.items().forEach(item -> ids.add(item.get(skName).s()));
        resume = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
      } while (resume != null && ids.size() < limit + 1);
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("list groups", e);
    }
    return ids;
  }

  private GroupPage page(List<String> ids, int limit, java.util.function.Predicate<Group> keep) {
    List<String> covered = ids.subList(0, Math.min(limit, ids.size()));
    Map<String, Group> read = groups(covered);
    List<Group> page = new ArrayList<>();
    for (String id : covered) {
      Group group = read.get(id);
      if (group != null && keep.test(group)) {
        page.add(group);
      }
    }
    return new GroupPage(page, ids.size() > limit ? Optional.of(covered.get(covered.size() - 1)) : Optional.empty());
  }

  /** The groups with these ids (at most 100), read strongly in one BatchGetItem unless keys are left unprocessed. */
  private Map<String, Group> groups(List<String> ids) {
    Map<String, Group> found = new HashMap<>();
    List<Map<String, AttributeValue>> pending = new ArrayList<>();
    ids.forEach(id -> pending.add(groupKey(id)));
    try {
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        List<Map<String, AttributeValue>> asked = List.copyOf(pending);
        BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(
            Map.of(tableName, KeysAndAttributes.builder().keys(asked).consistentRead(true).build())));
        response.responses().getOrDefault(tableName, List.of()).forEach(item -> {
          Group group = group(item);
          found.put(group.id(), group);
        });
        KeysAndAttributes left = response.unprocessedKeys().get(tableName);
        pending.clear();
        if (left != null) {
          pending.addAll(left.keys());
        }
        if (!pending.isEmpty()) {
          if (attempt == MAX_ATTEMPTS) {
            throw new StorageException("Could not read groups: the store is unavailable or busy.", null);
          }
          Thread.sleep(Math.min(200, 10L << Math.min(attempt, 4)));
        }
      }
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read groups", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while reading groups.", e);
    }
    return found;
  }

  @Override
  public Set<String> groupIdsOf(String userId, TenantId tenant) {
    String prefix = Keys.groupMemberPrefix(userId);
    Set<String> ids = new LinkedHashSet<>();
    try {
      client.queryPaginator(b -> b.tableName(tableName).consistentRead(true)
              .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.tenant(tenant)), ":prefix", AttributeValue.fromS(prefix)))
              .projectionExpression("SK"))
          .items().forEach(item -> ids.add(item.get(Keys.SK).s().substring(prefix.length())));
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read a user's groups", e);
    }
    return ids;
  }
}
