package dev.gatehouse.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.store.dynamodb.KeyTraffic.Index;
import dev.gatehouse.store.dynamodb.KeyTraffic.Spread;
import dev.gatehouse.store.dynamodb.KeyTraffic.Touch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's verdicts: what split-for-heat can and cannot spread. */
class ScaleModelTest {
  private static ScaleModel.KeyLoad load(String pk, List<Touch> touches, double perSecond) {
    ScaleModel.Traffic traffic = new ScaleModel.Traffic();
    traffic.add(touches, perSecond);
    return traffic.keys.get("TABLE " + pk);
  }

  @Test
  void oneItemCannotTakeMoreThanAPartitionWhateverTheSplits() {
    ScaleModel.KeyLoad hot = load("APP", List.of(new Touch(Index.TABLE, "APP", "SETTINGS", Spread.ONE_ITEM, 1, 0)), 3_001);
    assertTrue(hot.verdict().startsWith("OVER: one item"), hot.verdict());
    ScaleModel.KeyLoad fine = load("APP", List.of(new Touch(Index.TABLE, "APP", "SETTINGS", Spread.ONE_ITEM, 1, 0)), 2_999);
    assertEquals("ok", fine.verdict());
  }

  @Test
  void trafficSpreadOverItemsSplitsButAppendsDoNot() {
    ScaleModel.Traffic traffic = new ScaleModel.Traffic();
    for (int i = 0; i < 100; i++) {
      traffic.add(List.of(new Touch(Index.TABLE, "TENANT#t", "ROOM#r" + i, Spread.BY_ENTITY, 1, 1)), 50);
      traffic.add(List.of(new Touch(Index.TABLE, "OUTBOX", "2026#" + i, Spread.APPENDED, 0, 1)), 11);
    }
    ScaleModel.KeyLoad spread = traffic.keys.get("TABLE TENANT#t");
    assertEquals(5_000, spread.wcu, 1e-9);
    assertEquals("ok after split-for-heat into 5 partitions", spread.verdict());
    ScaleModel.KeyLoad appended = traffic.keys.get("TABLE OUTBOX");
    assertTrue(appended.verdict().startsWith("OVER: 1,100 WCU/s appended"), appended.verdict());
  }
}
