package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.store.webhooks.Webhook;
import dev.gatehouse.store.webhooks.WebhookDelivery;
import dev.gatehouse.store.webhooks.WebhookRepository;
import dev.gatehouse.telemetry.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Webhook items {@code WEBHOOKS / WEBHOOK#<id>}: one small partition (a project has a handful).
 * Registering and removing one is a TransactWriteItems with its outbox change; a dispatcher's
 * lease is an UpdateItem conditional on no live lease, and its release one conditional on the
 * lease's token, so only the holder's state lands.
 */
public final class DynamoDbWebhookRepository implements WebhookRepository {
  static final String TYPE = "WEBHOOK";
  private final DynamoDbClient client;
  private final String tableName;
  private final Clock clock;

  public DynamoDbWebhookRepository(DynamoDbClient client, String tableName, Clock clock) {
    this.client = client;
    this.tableName = tableName;
    this.clock = clock;
  }

  static Map<String, AttributeValue> key(String id) {
    return Map.of(Keys.PK, AttributeValue.fromS(Keys.WEBHOOKS), Keys.SK, AttributeValue.fromS(Keys.webhook(id)));
  }

  @Override
  public Webhook create(Webhook webhook) {
    Map<String, AttributeValue> item = new HashMap<>(key(webhook.id()));
    item.put("type", AttributeValue.fromS(TYPE));
    item.put("id", AttributeValue.fromS(webhook.id()));
    item.put("url", AttributeValue.fromS(webhook.url()));
    item.put("events", AttributeValue.fromL(webhook.events().stream().map(AttributeValue::fromS).toList()));
    item.put("secret", AttributeValue.fromS(webhook.secret()));
    item.put("createdAt", AttributeValue.fromS(Keys.timestamp(webhook.createdAt())));
    delivery(webhook.delivery()).forEach((name, value) -> value.ifPresent(v -> item.put(name, v)));
    try {
      if (webhook.isBus()) {
        client.putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(PK)"));
      } else {
        Change change = Changes.ofWebhook(ChangeType.WEBHOOK_CREATED, webhook, clock.instant(), Actor.current());
        client.transactWriteItems(b -> b.transactItems(
            TransactWriteItem.builder().put(p -> p.tableName(tableName).item(item).conditionExpression("attribute_not_exists(PK)")).build(),
            outbox(change)));
      }
      return webhook;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("register a webhook", e);
    }
  }

  /** The delivery's attributes; an empty one is removed on update. */
  private static Map<String, Optional<AttributeValue>> delivery(WebhookDelivery d) {
    Map<String, Optional<AttributeValue>> values = new java.util.LinkedHashMap<>();
    values.put("cursor", Optional.of(AttributeValue.fromN(Long.toString(d.cursor()))));
    values.put("attempts", Optional.of(AttributeValue.fromN(Integer.toString(d.attempts()))));
    values.put("retryAt", d.retryAt().map(t -> AttributeValue.fromS(Keys.timestamp(t))));
    values.put("lastError", d.lastError().map(AttributeValue::fromS));
    values.put("lastDeliveredAt", d.lastDeliveredAt().map(t -> AttributeValue.fromS(Keys.timestamp(t))));
    values.put("disabledAt", d.disabled().map(t -> AttributeValue.fromS(Keys.timestamp(t))));
    return values;
  }

  private TransactWriteItem outbox(Change change) {
    Map<String, AttributeValue> item = ChangeItem.SCHEMA.itemToMap(ChangeItem.outbox(change), true);
    return TransactWriteItem.builder().put(p -> p.tableName(tableName).item(item)).build();
  }

  @Override
  public List<Webhook> list() {
    try {
      List<Webhook> webhooks = new ArrayList<>();
      client.queryPaginator(b -> b.tableName(tableName).consistentRead(true).keyConditionExpression("PK = :pk")
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.WEBHOOKS))))
          .items().forEach(item -> webhooks.add(webhook(item)));
      webhooks.sort(Comparator.comparing(Webhook::createdAt).thenComparing(Webhook::id));
      return webhooks;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("list the webhooks", e);
    }
  }

  @Override
  public Optional<Webhook> find(String id) {
    try {
      Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(webhook(item));
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read a webhook", e);
    }
  }

  @Override
  public Optional<Webhook> delete(String id) {
    Optional<Webhook> found = find(id);
    if (found.isEmpty()) {
      return found;
    }
    try {
      if (found.get().isBus()) {
        client.deleteItem(b -> b.tableName(tableName).key(key(id)).conditionExpression("attribute_exists(PK)"));
      } else {
        Change change = Changes.ofWebhook(ChangeType.WEBHOOK_DELETED, found.get(), clock.instant(), Actor.current());
        client.transactWriteItems(b -> b.transactItems(
            TransactWriteItem.builder().delete(d -> d.tableName(tableName).key(key(id)).conditionExpression("attribute_exists(PK)")).build(),
            outbox(change)));
      }
      return found;
    } catch (ConditionalCheckFailedException | TransactionCanceledException gone) {
      // Removed by someone else meanwhile: this call removed nothing (a conflict retries as the SDK does).
      if (gone instanceof TransactionCanceledException canceled && canceled.cancellationReasons().stream()
          .noneMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
        throw DynamoDbRoomRepository.storage("remove a webhook", canceled);
      }
      return Optional.empty();
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("remove a webhook", e);
    }
  }

  @Override
  public Optional<Lease> claim(String id, Instant now, Instant until) {
    String token = UUID.randomUUID().toString();
    try {
      Map<String, AttributeValue> item = client.updateItem(b -> b.tableName(tableName).key(key(id))
          .updateExpression("SET leaseToken = :token, leaseUntil = :until")
          .conditionExpression("attribute_exists(PK) AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)")
          .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token),
              ":until", AttributeValue.fromS(Keys.timestamp(until)), ":now", AttributeValue.fromS(Keys.timestamp(now))))
          .returnValues(ReturnValue.ALL_NEW)).attributes();
      return Optional.of(new Lease(webhook(item), token));
    } catch (ConditionalCheckFailedException heldOrGone) {
      return Optional.empty();
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("claim a webhook's delivery", e);
    }
  }

  @Override
  public boolean release(Lease lease, WebhookDelivery delivery) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":token", AttributeValue.fromS(lease.token())));
    Map<String, String> names = new HashMap<>();
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>(List.of("leaseToken", "leaseUntil"));
    delivery(delivery).forEach((name, value) -> {
      names.put("#" + name, name); // "cursor" is one of DynamoDB's reserved words
      if (value.isPresent()) {
        set.add("#" + name + " = :" + name);
        values.put(":" + name, value.get());
      } else {
        remove.add("#" + name);
      }
    });
    String expression = "SET " + String.join(", ", set) + " REMOVE " + String.join(", ", remove);
    try {
      client.updateItem(b -> b.tableName(tableName).key(key(lease.webhook().id())).updateExpression(expression)
          .conditionExpression("leaseToken = :token").expressionAttributeNames(names).expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException lostOrGone) {
      return false;
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("record a webhook's delivery", e);
    }
  }

  private static Webhook webhook(Map<String, AttributeValue> item) {
    List<String> events = item.get("events") == null ? List.of() : item.get("events").l().stream().map(AttributeValue::s).toList();
    WebhookDelivery delivery = new WebhookDelivery(Long.parseLong(item.get("cursor").n()), Integer.parseInt(item.get("attempts").n()),
        time(item, "retryAt"), Optional.ofNullable(item.get("lastError")).map(AttributeValue::s), time(item, "lastDeliveredAt"),
        time(item, "disabledAt"));
    return new Webhook(item.get("id").s(), item.get("url").s(), events, item.get("secret").s(),
        Instant.parse(item.get("createdAt").s()), delivery);
  }

  private static Optional<Instant> time(Map<String, AttributeValue> item, String name) {
    return Optional.ofNullable(item.get(name)).map(v -> Instant.parse(v.s()));
  }
}
