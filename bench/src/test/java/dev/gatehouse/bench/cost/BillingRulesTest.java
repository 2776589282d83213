package dev.gatehouse.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cost report's arithmetic against cases worked by hand from the Developer Guide ("Item sizes
 * and formats", "Read/write capacity mode", "Global secondary indexes: provisioned throughput
 * considerations"). Each expected figure is written out as the sum it comes from.
 */
class BillingRulesTest {
  private static final CapacityRecorder.Shape SHAPE =
      new CapacityRecorder.Shape("PK", "SK", Map.of("GSI1", new String[] {"G1PK", "G1SK"}));

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  private static Map<String, AttributeValue> item(Object... namesAndValues) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
    }
    return item;
  }

  @Test
  void sizesCountNamesAndValuesInUtf8Bytes() {
    // "PK" 2 + "ROOM#acme" 9 + "SK" 2 + "ROOM#design" 11 + "v" 1 + 12345 (5 digits: 3 + 1) 4
    assertEquals(2 + 9 + 2 + 11 + 1 + 4, ItemSize.of(item("PK", s("ROOM#acme"), "SK", s("ROOM#design"), "v", n("12345"))));
    // "é" is 2 bytes, "😀" 4 (a surrogate pair in Java, one code point in UTF-8)
    assertEquals(1 + 2 + 4, ItemSize.of(item("x", s("é😀"))));
    // Leading and trailing zeros do not count: 0.0100 has one significant digit, 1 + 1
    assertEquals(1 + 2, ItemSize.of(item("n", n("0.0100"))));
  }

  @Test
  void listsAndMapsCarryThreeBytesPlusOnePerElement() {
    // "m" 1 + (3 + 1 per element + "a" 1 + "xy" 2)
    assertEquals(1 + 3 + 1 + 1 + 2, ItemSize.of(item("m", AttributeValue.fromM(Map.of("a", s("xy"))))));
    // "l" 1 + (3 + (1 + "abc" 3) + (1 + 7 as a number: 1 + 1))
    assertEquals(1 + 3 + (1 + 3) + (1 + 2), ItemSize.of(item("l", AttributeValue.fromL(List.of(s("abc"), n("7"))))));
    // Booleans and nulls are one byte: "b" 1 + 1, "z" 1 + 1
    assertEquals(2 + 2, ItemSize.of(item("b", AttributeValue.fromBool(true), "z", AttributeValue.fromNul(true))));
  }

  @Test
  void readsRoundUpToFourKilobytes() {
    assertEquals(1, BillingRules.readUnits(0, true, false));      // a missing item still costs the minimum
    assertEquals(1, BillingRules.readUnits(4096, true, false));
    assertEquals(2, BillingRules.readUnits(4097, true, false));
    assertEquals(1, BillingRules.readUnits(4097, false, false));  // eventually consistent: half of 2
    assertEquals(0.5, BillingRules.readUnits(100, false, false));
    assertEquals(4, BillingRules.readUnits(4097, true, true));    // transactional: twice 2
  }

  @Test
  void writesRoundUpToOneKilobyteOfTheLargerImage() {
    Map<String, AttributeValue> exactlyOneKilobyte = item("PK", s("x".repeat(1022)));   // 2 + 1022
    Map<String, AttributeValue> justOver = item("PK", s("x".repeat(1023)));             // 2 + 1023
    CapacityRecorder.Shape noIndexes = new CapacityRecorder.Shape("PK", "SK", Map.of());
    assertEquals(1, BillingRules.write(noIndexes, Map.of(), exactlyOneKilobyte, false, false).writeUnits());
    assertEquals(2, BillingRules.write(noIndexes, Map.of(), justOver, false, false).writeUnits());
    // An update that shrinks the item is billed on the item before it
    assertEquals(2, BillingRules.write(noIndexes, justOver, exactlyOneKilobyte, false, false).writeUnits());
    // A delete is billed on the deleted item
    assertEquals(new BillingRules.WriteCost(1025, 2, 0), BillingRules.write(noIndexes, justOver, Map.of(), false, false));
    // In a transaction, twice
    assertEquals(4, BillingRules.write(noIndexes, Map.of(), justOver, true, false).writeUnits());
  }

  @Test
  void indexWritesFollowTheIndexKey() {
    Map<String, AttributeValue> unindexed = item("PK", s("T#a"), "SK", s("R#1"));
    Map<String, AttributeValue> indexed = item("PK", s("T#a"), "SK", s("R#1"), "G1PK", s("a"), "G1SK", s("001"));
    Map<String, AttributeValue> moved = item("PK", s("T#a"), "SK", s("R#1"), "G1PK", s("a"), "G1SK", s("002"));
    Map<String, AttributeValue> sameKeyNewValue = item("PK", s("T#a"), "SK", s("R#1"), "G1PK", s("a"), "G1SK", s("001"),
        "meta", s("changed"));

    // The entry: "PK" 2 + "T#a" 3 + "SK" 2 + "R#1" 3 + "G1PK" 4 + "a" 1 + "G1SK" 4 + "001" 3, plus 100
    assertEquals(2 + 3 + 2 + 3 + 4 + 1 + 4 + 3 + 100, BillingRules.indexEntrySize(SHAPE, indexed, SHAPE.gsis().get("GSI1")));

    // The key appears: table 1 + one index write of 1
    assertEquals(new BillingRules.WriteCost(ItemSize.of(indexed), 2, 1), BillingRules.write(SHAPE, unindexed, indexed, false, false));
    // The key changes: table 1 + delete and put in the index, 1 each
    assertEquals(3, BillingRules.write(SHAPE, indexed, moved, false, false).writeUnits());
    assertEquals(2, BillingRules.write(SHAPE, indexed, moved, false, false).indexWrites());
    // The key stays (keys-only projection): the table write only
    assertEquals(new BillingRules.WriteCost(ItemSize.of(sameKeyNewValue), 1, 0),
        BillingRules.write(SHAPE, indexed, sameKeyNewValue, false, false));
    // The key goes: one index delete
    assertEquals(1, BillingRules.write(SHAPE, indexed, unindexed, false, false).indexWrites());
    // Index propagation is not doubled inside a transaction: 2 × 1 + 1
    assertEquals(3, BillingRules.write(SHAPE, unindexed, indexed, true, false).writeUnits());
    // A write whose condition failed costs the table write, no index write
    assertEquals(new BillingRules.WriteCost(ItemSize.of(unindexed), 1, 0), BillingRules.write(SHAPE, unindexed, unindexed, false, true));
  }
}
