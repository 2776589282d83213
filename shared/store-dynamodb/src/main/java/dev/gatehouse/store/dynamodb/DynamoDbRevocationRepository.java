package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.RevocationRepository;
import dev.gatehouse.store.UserStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.changes.Changes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Status items: {@code USER#<id> / STATUS} (cutoff, deactivated) beside the user's record, and
 * {@code TENANT#<tenant> / STATUS} (cutoff) in the tenant's partition; every write is an UpdateItem. A user's fields change by
 * UpdateItem {@code SET}/{@code REMOVE} of only the attributes named, so a revocation and a
 * deactivation racing each other both land. Each write records its change in the same
 * TransactWriteItems, then reads the status back (strongly).
 */
public final class DynamoDbRevocationRepository implements RevocationRepository {
  static final String USER_TYPE = "USER_STATUS";
  static final String TENANT_TYPE = "TENANT_STATUS";
  static final String CUTOFF = "revokeTokensIssuedBefore";
  static final String DEACTIVATED = "deactivated";

  private final DynamoDbClient client;
  private final String tableName;
  private final java.time.Clock clock;

  public DynamoDbRevocationRepository(DynamoDbClient client, String tableName) {
    this(client, tableName, java.time.Clock.systemUTC());
  }

  /** @param clock what the changes the writes record are stamped with */
  public DynamoDbRevocationRepository(DynamoDbClient client, String tableName, java.time.Clock clock) {
    this.client = client;
    this.tableName = tableName;
    this.clock = clock;
  }

  static Map<String, AttributeValue> userKey(String userId) {
    return Map.of(Keys.PK, AttributeValue.fromS(Keys.user(userId)), Keys.SK, AttributeValue.fromS(Keys.STATUS));
  }

  static Map<String, AttributeValue> tenantKey(TenantId tenant) {
    return Map.of(Keys.PK, AttributeValue.fromS(Keys.tenant(tenant)), Keys.SK, AttributeValue.fromS(Keys.STATUS));
  }

  /** A user's status from its item (absent: active). */
  static UserStatus userStatus(String userId, Map<String, AttributeValue> item) {
    if (item == null || item.isEmpty()) {
      return UserStatus.active(userId);
    }
    AttributeValue deactivated = item.get(DEACTIVATED);
    return new UserStatus(userId, cutoff(item), deactivated != null && Boolean.TRUE.equals(deactivated.bool()));
  }

  static Optional<Instant> cutoff(Map<String, AttributeValue> item) {
    AttributeValue cutoff = item == null ? null : item.get(CUTOFF);
    return cutoff == null || cutoff.s() == null ? Optional.empty() : Optional.of(Instant.parse(cutoff.s()));
  }

  @Override
  public UserStatus userStatus(String userId) {
    try {
      return userStatus(userId, client.getItem(b -> b.tableName(tableName).key(userKey(userId)).consistentRead(true)).item());
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read a user's status", e);
    }
  }

  @Override
  public UserStatus revokeUserTokens(String userId, Optional<Instant> before) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", AttributeValue.fromS(USER_TYPE),
        ":id", AttributeValue.fromS(userId)));
    String expression = "SET #type = :type, #userId = :id ";
    if (before.isPresent()) {
      values.put(":cutoff", AttributeValue.fromS(Keys.timestamp(before.get())));
      expression += ", #cutoff = :cutoff";
    } else {
      expression += "REMOVE #cutoff";
    }
    return update(userId, expression, values, "revoke a user's tokens", ChangeType.USER_TOKENS_REVOKED, before);
  }

  @Override
  public UserStatus deactivate(String userId, Instant before) {
    return update(userId, "SET #type = :type, #userId = :id, #cutoff = :cutoff, #deactivated = :true",
        Map.of(":type", AttributeValue.fromS(USER_TYPE), ":id", AttributeValue.fromS(userId),
            ":cutoff", AttributeValue.fromS(Keys.timestamp(before)), ":true", AttributeValue.fromBool(true)),
        "deactivate a user", ChangeType.USER_DEACTIVATED, Optional.of(before));
  }

  @Override
  public UserStatus reactivate(String userId, Instant at) {
    return update(userId, "SET #type = :type, #userId = :id, #cutoff = :cutoff REMOVE #deactivated",
        Map.of(":type", AttributeValue.fromS(USER_TYPE), ":id", AttributeValue.fromS(userId),
            ":cutoff", AttributeValue.fromS(Keys.timestamp(at))), "reactivate a user", ChangeType.USER_REACTIVATED, Optional.of(at));
  }

  /** The user's status item changed and the change recorded, in one transaction; then the status read back. */
  private UserStatus update(String userId, String expression, Map<String, AttributeValue> values, String what, ChangeType type,
      Optional<Instant> cutoff) {
    Map<String, String> names = new HashMap<>(Map.of("#type", "type", "#userId", "userId"));
    if (expression.contains("#cutoff")) {
      names.put("#cutoff", CUTOFF);
    }
    if (expression.contains("#deactivated")) {
      names.put("#deactivated", DEACTIVATED);
    }
    Change change = Changes.ofUserStatus(type, userId, cutoff, clock.instant(), Actor.current());
    try {
      client.transactWriteItems(b -> b.transactItems(
          TransactWriteItem.builder().update(u -> u.tableName(tableName).key(userKey(userId)).updateExpression(expression)
              .expressionAttributeNames(names).expressionAttributeValues(values)).build(),
          outbox(change)));
      return userStatus(userId);
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage(what, e);
    }
  }

  private TransactWriteItem outbox(Change change) {
    Map<String, AttributeValue> item = ChangeItem.SCHEMA.itemToMap(ChangeItem.outbox(change), true);
    return TransactWriteItem.builder().put(p -> p.tableName(tableName).item(item)).build();
  }

  @Override
  public Optional<Instant> tenantCutoff(TenantId tenant) {
    try {
      return cutoff(client.getItem(b -> b.tableName(tableName).key(tenantKey(tenant)).consistentRead(true)).item());
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read a tenant's cutoff", e);
    }
  }

  @Override
  public Optional<Instant> revokeTenantTokens(TenantId tenant, Optional<Instant> before) {
    // An UpdateItem either way (SET or REMOVE the cutoff), so the revoking function needs no Put or Delete.
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", AttributeValue.fromS(TENANT_TYPE),
        ":tenant", AttributeValue.fromS(tenant.value())));
    before.ifPresent(t -> values.put(":cutoff", AttributeValue.fromS(Keys.timestamp(t))));
    String expression = "SET #type = :type, #tenant = :tenant " + (before.isPresent() ? ", #cutoff = :cutoff" : "REMOVE #cutoff");
    Change change = Changes.ofTenantCutoff(tenant, before, clock.instant(), Actor.current());
    try {
      client.transactWriteItems(b -> b.transactItems(
          TransactWriteItem.builder().update(u -> u.tableName(tableName).key(tenantKey(tenant)).updateExpression(expression)
              .expressionAttributeNames(Map.of("#type", "type", "#tenant", "tenant", "#cutoff", CUTOFF))
              .expressionAttributeValues(values)).build(),
          outbox(change)));
      return before.map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("revoke a tenant's tokens", e);
    }
  }
}
