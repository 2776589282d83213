package dev.gatehouse.bench.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An SDK interceptor that asks DynamoDB for the consumed capacity of every call
 * ({@code ReturnConsumedCapacity.INDEXES}) and records, per call, what DynamoDB reported and what
 * the documented billing rules give from the item sizes:
 *
 * <ul>
 *   <li>reads: item size rounded up to 4 KB; 1 unit strongly consistent, 0.5 eventually
 *       consistent, 2 transactional; a missing item still costs the minimum; BatchGetItem rounds
 *       each item; Query and Scan sum the items returned, then round up (GSIs are eventually
 *       consistent and return the projection);
 *   <li>writes: the larger of the item before and after, rounded up to 1 KB; a delete is sized on
 *       the deleted item; transactional table writes ×2;
 *   <li>GSI writes: one per index whose key the write adds or removes, two when it changes the
 *       key, none when the key stays (KEYS_ONLY projections), each sized on the index entry (table
 *       and index keys plus 100 bytes); index propagation is not doubled inside a transaction.
 * </ul>
 *
 * To size writes it reads the items before and after each write through a second client that
 * this interceptor does not watch.
 */
final class CapacityRecorder implements ExecutionInterceptor {
  /** One DynamoDB call. */
  record Call(String operation, String what, int items, long bytesRead, long bytesWritten, double rcu, double wcu,
      int gsiWrites, Double reportedTotal, boolean failed, boolean settings, String itemKey) {}

  /** The key and GSI key attributes of the table (all strings). */
  record Shape(String pk, String sk, Map<String, String[]> gsis) {}

  private static final ExecutionAttribute<List<Map<String, AttributeValue>>> BEFORE = new ExecutionAttribute<>("gatehouse-cost-before");
  private static final ExecutionAttribute<List<Map<String, AttributeValue>>> KEYS = new ExecutionAttribute<>("gatehouse-cost-keys");

  private final Supplier<DynamoDbClient> raw;
  private final String table;
  private final Shape shape;
  private final List<Call> calls = new ArrayList<>();
  private volatile boolean recording;

  CapacityRecorder(Supplier<DynamoDbClient> raw, String table, Shape shape) {
    this.raw = raw;
    this.table = table;
    this.shape = shape;
  }

  synchronized void start() {
    calls.clear();
    recording = true;
  }

  synchronized List<Call> stop() {
    recording = false;
    List<Call> out = List.copyOf(calls);
    calls.clear();
    return out;
  }

  // --- the interceptor ------------------------------------------------------------------------

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    ReturnConsumedCapacity rcc = ReturnConsumedCapacity.INDEXES;
    SdkRequest modified = switch (request) {
      case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case QueryRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case ScanRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(rcc).build();
      default -> request;
    };
    if (recording) {
      List<Map<String, AttributeValue>> keys = writtenKeys(modified);
      if (!keys.isEmpty()) {
        attributes.putAttribute(KEYS, keys);
        attributes.putAttribute(BEFORE, images(keys));
      }
    }
    return modified;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (!recording) {
      return;
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    List<Map<String, AttributeValue>> keys = attributes.getAttribute(KEYS);
    List<Map<String, AttributeValue>> before = attributes.getAttribute(BEFORE);
    List<Map<String, AttributeValue>> after = keys == null ? null : images(keys);
    Call call = measure(operation, (SdkRequest) context.request(), context.response(), before, after, false);
    synchronized (this) {
      calls.add(call);
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (!recording) {
      return;
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    List<Map<String, AttributeValue>> before = attributes.getAttribute(BEFORE);
    // A failed condition still costs the write of a non-transactional call; a cancelled
    // transaction is recorded at the price of its writes as an upper bound.
    Call call = measure(operation, (SdkRequest) context.request(), null, before, before, true);
    synchronized (this) {
      calls.add(call);
    }
  }

  // --- measuring ------------------------------------------------------------------------------

  private Call measure(String operation, SdkRequest request, SdkResponse response, List<Map<String, AttributeValue>> before,
      List<Map<String, AttributeValue>> after, boolean failed) {
    Double reported = response == null ? null : reported(response);
    switch (request) {
      case GetItemRequest r -> {
        Map<String, AttributeValue> item = response instanceof GetItemResponse g && g.hasItem() ? g.item() : Map.of();
        long size = ItemSize.of(item);
        return new Call(operation, kind(r.key()), 1, size, 0, BillingRules.readUnits(size, isTrue(r.consistentRead()), false), 0, 0,
            reported, failed, isSettings(r.key()), str(r.key().get(shape.pk())) + " / " + str(r.key().get(shape.sk())));
      }
      case QueryRequest r -> {
        List<Map<String, AttributeValue>> items = response instanceof QueryResponse q ? q.items() : List.of();
        long size = items.stream().mapToLong(ItemSize::of).sum();
        boolean consistent = r.indexName() == null && isTrue(r.consistentRead());
        String where = (r.indexName() == null ? "table " : r.indexName() + " ") + queriedPartition(r);
        return new Call(operation, where + " → " + items.size() + " items", items.size(), size, 0,
            BillingRules.readUnits(size, consistent, false), 0, 0, reported, failed, false, null);
      }
      case ScanRequest r -> {
        List<Map<String, AttributeValue>> items = response instanceof ScanResponse s ? s.items() : List.of();
        long size = items.stream().mapToLong(ItemSize::of).sum();
        return new Call(operation, "SCAN " + (r.indexName() == null ? "table" : r.indexName()), items.size(), size, 0,
            BillingRules.readUnits(size, r.indexName() == null && isTrue(r.consistentRead()), false), 0, 0, reported, failed, false, null);
      }
      case BatchGetItemRequest r -> {
        Map<String, List<Map<String, AttributeValue>>> found = response instanceof BatchGetItemResponse b ? b.responses() : Map.of();
        double rcu = 0;
        long bytes = 0;
        int n = 0;
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (Map.Entry<String, KeysAndAttributes> e : r.requestItems().entrySet()) {
          List<Map<String, AttributeValue>> items = found.getOrDefault(e.getKey(), List.of());
          for (Map<String, AttributeValue> key : e.getValue().keys()) {
            long size = items.stream().filter(i -> sameKey(i, key)).mapToLong(ItemSize::of).findFirst().orElse(0);
            rcu += BillingRules.readUnits(size, isTrue(e.getValue().consistentRead()), false);
            bytes += size;
            n++;
            kinds.merge(kind(key), 1, Integer::sum);
          }
        }
        return new Call(operation, n + " keys " + kinds(kinds), n, bytes, 0, rcu, 0, 0, reported, failed, false, null);
      }
      case TransactGetItemsRequest r -> {
        List<Map<String, AttributeValue>> items = response instanceof TransactGetItemsResponse t
            ? t.responses().stream().map(i -> i.hasItem() ? i.item() : Map.<String, AttributeValue>of()).toList()
            : List.of();
        double rcu = 0;
        long bytes = 0;
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (int i = 0; i < r.transactItems().size(); i++) {
          TransactGetItem get = r.transactItems().get(i);
          long size = i < items.size() ? ItemSize.of(items.get(i)) : 0;
          rcu += BillingRules.readUnits(size, true, true);
          bytes += size;
          kinds.merge(kind(get.get().key()), 1, Integer::sum);
        }
        return new Call(operation, r.transactItems().size() + " items " + kinds(kinds), r.transactItems().size(), bytes, 0,
            rcu, 0, 0, reported, failed, false, null);
      }
      case PutItemRequest r -> {
        return write(operation, List.of(r.item()), before, after, false, reported, failed, false);
      }
      case UpdateItemRequest r -> {
        return write(operation, List.of(r.key()), before, after, false, reported, failed, false);
      }
      case DeleteItemRequest r -> {
        return write(operation, List.of(r.key()), before, after, false, reported, failed, false);
      }
      case BatchWriteItemRequest r -> {
        return write(operation, writtenKeys(r), before, after, false, reported, failed, false);
      }
      case TransactWriteItemsRequest r -> {
        return write(operation, writtenKeys(r), before, after, true, reported, failed, false);
      }
      default -> {
        return new Call(operation, "(not a data call)", 0, 0, 0, 0, 0, 0, reported, failed, false, null);
      }
    }
  }

  private Call write(String operation, List<Map<String, AttributeValue>> keys, List<Map<String, AttributeValue>> before,
      List<Map<String, AttributeValue>> after, boolean transactional, Double reported, boolean failed, boolean settings) {
    double wcu = 0;
    long bytes = 0;
    int gsiWrites = 0;
    Map<String, Integer> kinds = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Map<String, AttributeValue> old = before == null ? Map.of() : before.get(i);
      Map<String, AttributeValue> now = after == null ? Map.of() : after.get(i);
      BillingRules.WriteCost cost = BillingRules.write(shape, old, now, transactional, failed);
      bytes += cost.bytes();
      wcu += cost.writeUnits();
      gsiWrites += cost.indexWrites();
      kinds.merge(kind(keys.get(i)), 1, Integer::sum);
    }
    String what = keys.size() == 1 ? kind(keys.get(0)) : keys.size() + " items " + kinds(kinds);
    return new Call(operation, what, keys.size(), 0, bytes, 0, wcu, gsiWrites, reported, failed, settings,
        keys.size() == 1 ? str(keys.get(0).get(shape.pk())) + " / " + str(keys.get(0).get(shape.sk())) : null);
  }

  // --- keys and images ------------------------------------------------------------------------

  private List<Map<String, AttributeValue>> writtenKeys(SdkRequest request) {
    return switch (request) {
      case PutItemRequest r -> List.of(keyOf(r.item()));
      case UpdateItemRequest r -> List.of(r.key());
      case DeleteItemRequest r -> List.of(r.key());
      case BatchWriteItemRequest r -> {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (List<WriteRequest> writes : r.requestItems().values()) {
          for (WriteRequest w : writes) {
            keys.add(w.putRequest() != null ? keyOf(w.putRequest().item()) : w.deleteRequest().key());
          }
        }
        yield keys;
      }
      case TransactWriteItemsRequest r -> {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (TransactWriteItem t : r.transactItems()) {
          if (t.put() != null) {
            keys.add(keyOf(t.put().item()));
          } else if (t.update() != null) {
            keys.add(t.update().key());
          } else if (t.delete() != null) {
            keys.add(t.delete().key());
          } else if (t.conditionCheck() != null) {
            keys.add(t.conditionCheck().key());
          }
        }
        yield keys;
      }
      default -> List.of();
    };
  }

  private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    return Map.of(shape.pk(), item.get(shape.pk()), shape.sk(), item.get(shape.sk()));
  }

  private List<Map<String, AttributeValue>> images(List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> out = new ArrayList<>(keys.size());
    DynamoDbClient client = raw.get();
    for (Map<String, AttributeValue> key : keys) {
      GetItemResponse r = client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
      out.add(r.hasItem() ? r.item() : Map.of());
    }
    return out;
  }

  private boolean sameKey(Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
    return Objects.equals(item.get(shape.pk()), key.get(shape.pk())) && Objects.equals(item.get(shape.sk()), key.get(shape.sk()));
  }

  private boolean isSettings(Map<String, AttributeValue> key) {
    return "APP".equals(str(key.get(shape.pk()))) && "SETTINGS".equals(str(key.get(shape.sk())));
  }

  /** The partition a Query reads, as its key prefix: the value bound to the partition key. */
  private String queriedPartition(QueryRequest r) {
    String pkName = r.indexName() == null ? shape.pk() : shape.gsis().get(r.indexName())[0];
    String placeholder = null;
    for (Map.Entry<String, String> e : r.expressionAttributeNames().entrySet()) {
      if (e.getValue().equals(pkName)) {
        placeholder = e.getKey();
      }
    }
    String expression = r.keyConditionExpression() == null ? "" : r.keyConditionExpression();
    for (Map.Entry<String, AttributeValue> e : r.expressionAttributeValues().entrySet()) {
      if (placeholder != null && expression.contains(placeholder + " = " + e.getKey())) {
        return prefix(str(e.getValue()));
      }
    }
    return r.expressionAttributeValues().values().stream().findFirst().map(v -> prefix(str(v))).orElse("?");
  }

  /** A key as its item type: {@code TENANT/ROOM}, {@code ROOMID}, {@code ACCESS#USER/ROOM}. */
  private String kind(Map<String, AttributeValue> key) {
    String pk = prefix(str(key.get(shape.pk())));
    String sk = prefix(str(key.get(shape.sk())));
    return pk.equals(sk) ? pk : pk + "/" + sk;
  }

  private static String prefix(String value) {
    if (value == null) {
      return "?";
    }
    String[] parts = value.split("#", -1);
    if (parts.length > 2 && (parts[0].equals("ACCESS") || parts[0].equals("TOMBSTONE"))) {
      return parts[0] + "#" + parts[1];
    }
    return parts[0];
  }

  private static String kinds(Map<String, Integer> kinds) {
    StringBuilder out = new StringBuilder("(");
    kinds.forEach((k, n) -> out.append(out.length() > 1 ? ", " : "").append(n > 1 ? n + "× " : "").append(k));
    return out.append(')').toString();
  }

  private static String str(AttributeValue v) {
    return v == null ? null : v.s();
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  private static Double reported(SdkResponse response) {
    List<ConsumedCapacity> capacities = switch (response) {
      case GetItemResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
      case PutItemResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
      case UpdateItemResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
      case DeleteItemResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
      case QueryResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
      case ScanResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
      case BatchGetItemResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
      case BatchWriteItemResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
      case TransactGetItemsResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
      case TransactWriteItemsResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
      default -> List.of();
    };
    if (capacities.isEmpty()) {
      return null;
    }
    return capacities.stream().mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
  }
}
