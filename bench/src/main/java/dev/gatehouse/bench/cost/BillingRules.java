package dev.gatehouse.bench.cost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's published billing rules, as arithmetic on item sizes ({@link ItemSize}), so the cost
 * report does not depend on an engine reporting {@code ConsumedCapacity} (moto and LocalStack do
 * not compute it the way DynamoDB bills):
 *
 * <ul>
 *   <li>a read unit is 4 KB, rounded up, at least one: 1 unit strongly consistent, 0.5 eventually
 *       consistent, 2 in a transaction; a Query sums the items it returns before rounding;
 *   <li>a write unit is 1 KB of the larger of the item before and after, rounded up, at least
 *       one; twice that in a transaction;
 *   <li>each global secondary index whose key a write adds or removes costs one index write, two
 *       when the key changes, none when it stays; an index entry is the table key, the index key
 *       and the projection (KEYS_ONLY here) plus 100 bytes.
 * </ul>
 */
final class BillingRules {
  /** The cost of one item's write: bytes billed, write units (table and indexes), index writes. */
  record WriteCost(long bytes, double writeUnits, int indexWrites) {}

  /** Index entries carry 100 bytes of overhead (Developer Guide, "Provisioned throughput considerations for GSIs"). */
  static final int INDEX_ENTRY_OVERHEAD = 100;

  private BillingRules() {}

  static double readUnits(long size, boolean consistent, boolean transactional) {
    double units = Math.max(1, (size + 4095) / 4096);
    return transactional ? units * 2 : consistent ? units : units / 2;
  }

  static double writeUnits(long size) {
    return Math.max(1, (size + 1023) / 1024);
  }

  /**
   * One item's write, from its image before and after ({@code Map.of()} for none). A failed write
   * (a condition that did not hold) still costs the table write and no index write.
   */
  static WriteCost write(CapacityRecorder.Shape shape, Map<String, AttributeValue> before, Map<String, AttributeValue> after,
      boolean transactional, boolean failed) {
    long size = Math.max(ItemSize.of(before), ItemSize.of(after));
    double units = writeUnits(size) * (transactional ? 2 : 1);
    int indexWrites = 0;
    if (!failed) {
      for (String[] indexKey : shape.gsis().values()) {
        int writes = indexWrites(before, after, indexKey);
        indexWrites += writes;
        if (writes > 0) {
          units += writes * writeUnits(indexEntrySize(shape, after.isEmpty() ? before : after, indexKey));
        }
      }
    }
    return new WriteCost(size, units, indexWrites);
  }

  /** 0 when neither image has the index key or it stays, 1 when it appears or goes, 2 when it changes. */
  static int indexWrites(Map<String, AttributeValue> before, Map<String, AttributeValue> after, String[] indexKey) {
    List<AttributeValue> old = indexKey(before, indexKey);
    List<AttributeValue> now = indexKey(after, indexKey);
    if (old == null && now == null) {
      return 0;
    }
    if (old == null || now == null) {
      return 1;
    }
    return old.equals(now) ? 0 : 2;
  }

  /** The table key and the index key of the item, plus the overhead (the indexes project keys only). */
  static long indexEntrySize(CapacityRecorder.Shape shape, Map<String, AttributeValue> item, String[] indexKey) {
    Map<String, AttributeValue> projected = new LinkedHashMap<>();
    for (String name : new String[] {shape.pk(), shape.sk(), indexKey[0], indexKey[1]}) {
      if (name != null && item.containsKey(name)) {
        projected.put(name, item.get(name));
      }
    }
    return ItemSize.of(projected) + INDEX_ENTRY_OVERHEAD;
  }

  private static List<AttributeValue> indexKey(Map<String, AttributeValue> item, String[] key) {
    if (item == null || !item.containsKey(key[0]) || key[1] != null && !item.containsKey(key[1])) {
      return null;
    }
    return key[1] == null ? List.of(item.get(key[0])) : List.of(item.get(key[0]), item.get(key[1]));
  }
}
