package dev.gatehouse.bench.scale;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.store.dynamodb.KeyTraffic;
import dev.gatehouse.store.dynamodb.KeyTraffic.Touch;
import dev.gatehouse.telemetry.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code ./gatehouse bench scale}: the capacity model. Replays one simulated second of each
 * workload through {@link KeyTraffic} (the repositories' own key builders), adds up the read and
 * write units every partition key and every item receives, and holds them to DynamoDB's published
 * per-partition limits, with split-for-heat modelled: a key whose traffic is spread over items by
 * entity may split into as many partitions as it needs, but no split goes below one item, and
 * writes to a sort key that grows with time all land at the end of the range, which no split
 * spreads. Nothing here is measured on AWS: it is arithmetic over the access patterns, stated
 * with its assumptions in docs/scale.md.
 */
public final class ScaleModel {
  /** DynamoDB's published per-partition throughput: 3,000 read units and 1,000 write units per second. */
  static final double PARTITION_RCU = 3_000;
  static final double PARTITION_WCU = 1_000;
  /** DynamoDB's default table-level throughput quota (each of reads and writes), and a new on-demand table's start. */
  static final double TABLE_QUOTA = 40_000;
  static final double NEW_TABLE_RCU = 12_000;
  static final double NEW_TABLE_WCU = 4_000;
  /** One change placed at a time (the log's head is one item moved per change), at about this many ms each. */
  static final double PLACEMENT_MILLIS = 10;

  static final int ROOM_BYTES = 2_048;
  static final int CHANGE_BYTES = 1_024;
  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private ScaleModel() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("--pages")) {
      BigTenantPages.run(args.length >= 2 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
          : new int[] {100, 100_000});
      return;
    }
    String only = args.length >= 2 && args[0].equals("--workload") ? args[1] : null;
    int over = 0;
    for (Workload workload : Workload.all()) {
      if (only != null && !workload.id().equals(only)) {
        continue;
      }
      Traffic traffic = new Traffic();
      workload.replay(traffic, new Random(42));
      over += report(workload, traffic);
    }
    System.out.println(over == 0 ? "No key over a DynamoDB limit." : over + " key(s) over a DynamoDB limit.");
    if (over > 0) {
      System.exit(3); // a check a deployment can run: non-zero while the model shows a key over a limit
    }
  }

  // --- the traffic of one simulated second -----------------------------------------------------

  /** What every key and item receives in one second. */
  static final class Traffic {
    final Map<String, KeyLoad> keys = new LinkedHashMap<>();
    double placements;
    /** API requests per second (each one Lambda invocation behind API Gateway). */
    double requests;

    void add(List<Touch> touches, double perSecond) {
      for (Touch t : touches) {
        keys.computeIfAbsent(t.index() + " " + t.pk(), k -> new KeyLoad(t.index(), t.pk())).add(t, perSecond);
      }
    }
  }

  /** One partition key's load: in total, at its hottest item, and appended at the end of its range. */
  static final class KeyLoad {
    final KeyTraffic.Index index;
    final String pk;
    double rcu;
    double wcu;
    double appendedRcu;
    double appendedWcu;
    final Map<String, double[]> items = new java.util.HashMap<>();

    KeyLoad(KeyTraffic.Index index, String pk) {
      this.index = index;
      this.pk = pk;
    }

    void add(Touch t, double perSecond) {
      rcu += t.rcu() * perSecond;
      wcu += t.wcu() * perSecond;
      if (t.spread() == KeyTraffic.Spread.APPENDED) {
        appendedRcu += t.rcu() * perSecond;
        appendedWcu += t.wcu() * perSecond;
      } else {
        double[] item = items.computeIfAbsent(t.sk(), k -> new double[2]);
        item[0] += t.rcu() * perSecond;
        item[1] += t.wcu() * perSecond;
      }
    }

    double hottestItemRcu() {
      return items.values().stream().mapToDouble(i -> i[0]).max().orElse(0);
    }

    double hottestItemWcu() {
      return items.values().stream().mapToDouble(i -> i[1]).max().orElse(0);
    }

    /** The share of the binding limit used: 1 or more is over. */
    double pressure() {
      return Math.max(Math.max(hottestItemRcu() / PARTITION_RCU, hottestItemWcu() / PARTITION_WCU),
          Math.max(appendedRcu / PARTITION_RCU, appendedWcu / PARTITION_WCU));
    }

    /** How many partitions split-for-heat needs for the whole key (1: no split). */
    int partitionsNeeded() {
      return (int) Math.max(1, Math.ceil(Math.max(rcu / PARTITION_RCU, wcu / PARTITION_WCU)));
    }

    String verdict() {
      if (hottestItemRcu() > PARTITION_RCU) {
        return "OVER: one item takes " + units(hottestItemRcu()) + " RCU/s; no split goes below an item";
      }
      if (hottestItemWcu() > PARTITION_WCU) {
        return "OVER: one item takes " + units(hottestItemWcu()) + " WCU/s; no split goes below an item";
      }
      if (appendedWcu > PARTITION_WCU) {
        return "OVER: " + units(appendedWcu) + " WCU/s appended at the end of the key's range; a split cannot spread appends";
      }
      if (appendedRcu > PARTITION_RCU) {
        return "OVER: " + units(appendedRcu) + " RCU/s read at the newest end of the range";
      }
      int partitions = partitionsNeeded();
      return partitions > 1 ? "ok after split-for-heat into " + partitions + " partitions" : "ok";
    }
  }

  // --- workloads --------------------------------------------------------------------------------

  /** A named workload: what it replays in one simulated second. */
  record Workload(String id, String description, List<String> focus, java.util.function.BiConsumer<Traffic, Random> replay) {
    void replay(Traffic traffic, Random random) {
      replay.accept(traffic, random);
    }

    static List<Workload> all() {
      return List.of(
          new Workload("a", "10^4 tenants, Zipf(1.0) sizes, 10^7 rooms; 20,000 checks/s, 1,000 room writes/s", List.of(),
              (t, r) -> mixed(t, r, Population.zipf(10_000, 10_000_000, 1.0), 20_000, 1_000, 0.2, Optional.empty())),
          new Workload("b", "one app without tenants (all rooms in 'default'), 10^7 rooms; the same rates", List.of("TENANT#default"),
              (t, r) -> mixed(t, r, Population.single(TenantId.DEFAULT, 10_000_000), 20_000, 1_000, 0.2, Optional.empty())),
          new Workload("c", "one tenant holding 10^6 rooms takes all the traffic; the same rates", List.of("TENANT#big"),
              (t, r) -> mixed(t, r, Population.single(new TenantId("big"), 1_000_000), 20_000, 1_000, 0.2, Optional.empty())),
          new Workload("d", "workload a, plus one user listed in 10^5 rooms: 100 checks/s and 20 room pages/s of theirs,"
              + " and in 10% of new rooms", List.of("power-user"),
              (t, r) -> mixed(t, r, Population.zipf(10_000, 10_000_000, 1.0), 20_000, 1_000, 0.2, Optional.of("power-user"))),
          new Workload("e", "a burst of 5,000 room creations/s over workload a's population, with 20,000 checks/s", List.of("ROOMS"),
              (t, r) -> mixed(t, r, Population.zipf(10_000, 10_000_000, 1.0), 20_000, 5_000, 1.0, Optional.empty())));
    }
  }

  /** Samples per stream: enough that a key with 1 % of a stream's traffic is measured within a few %. */
  static final int SAMPLES = 20_000;

  /**
   * Checks spread over rooms (so over tenants by their size), 10 % of them reading stored groups;
   * room writes, {@code creations} of them new rooms and the rest entry changes, each recording a
   * change that is then placed in the log; 100 pages/s of a tenant's rooms and of a user's.
   */
  static void mixed(Traffic traffic, Random random, Population population, double checks, double writes, double creations,
      Optional<String> powerUser) {
    double perCheck = checks / SAMPLES;
    for (int i = 0; i < SAMPLES; i++) {
      Population.Pick pick = population.pick(random);
      Room room = pick.room();
      String user = pick.user();
      Optional<TenantId> token = room.tenant().isDefault() ? Optional.empty() : Optional.of(room.tenant());
      traffic.add(KeyTraffic.connectionCheck(user, token, room, ROOM_BYTES, false, random.nextDouble() < 0.1), perCheck);
    }
    double perWrite = writes / SAMPLES;
    long seq = 1;
    for (int i = 0; i < SAMPLES; i++) {
      Population.Pick pick = population.pick(random);
      Change change;
      if (random.nextDouble() < creations) {
        Room created = pick.newRoom(i, powerUser.filter(u -> random.nextDouble() < 0.1));
        change = Changes.ofRoom(Optional.empty(), Optional.of(created), NOW, Actor.SYSTEM).orElseThrow();
        traffic.add(KeyTraffic.createRoom(created, ROOM_BYTES, change, CHANGE_BYTES), perWrite);
      } else {
        Room before = pick.room();
        Room after = before.withAccesses(Population.accesses(before.id(), pick.user() + "-new")).withVersion(before.version() + 1);
        change = Changes.ofRoom(Optional.of(before), Optional.of(after), NOW, Actor.SYSTEM).orElseThrow();
        traffic.add(KeyTraffic.updateRoom(before, after, ROOM_BYTES, change, CHANGE_BYTES), perWrite);
      }
      traffic.add(KeyTraffic.placeChange(change, seq++, CHANGE_BYTES), perWrite);
    }
    traffic.placements += writes;
    traffic.requests += checks + writes + 200;
    double pages = 100.0 / 1_000;
    for (int i = 0; i < 1_000; i++) {
      Population.Pick pick = population.pick(random);
      traffic.add(KeyTraffic.tenantRoomsPage(pick.room().tenant(), population.page(pick, 20), ROOM_BYTES), pages);
      traffic.add(KeyTraffic.userRoomsPage(pick.user(), population.page(pick, 20), ROOM_BYTES), pages);
    }
    powerUser.ifPresent(user -> {
      Population theirs = Population.single(new TenantId("power-tenant"), 100_000);
      for (int i = 0; i < 1_000; i++) {
        Population.Pick pick = theirs.pick(random);
        traffic.add(KeyTraffic.connectionCheck(user, Optional.of(pick.room().tenant()), pick.room(), ROOM_BYTES, false, false), 0.1);
        traffic.add(KeyTraffic.userRoomsPage(user, theirs.page(pick, 20), ROOM_BYTES), 0.02);
      }
      traffic.requests += 120;
    });
  }

  // --- the report -------------------------------------------------------------------------------

  static int report(Workload workload, Traffic traffic) {
    List<KeyLoad> loads = new ArrayList<>(traffic.keys.values());
    loads.sort(Comparator.comparingDouble(KeyLoad::pressure).reversed()
        .thenComparing(Comparator.comparingDouble((KeyLoad k) -> Math.max(k.rcu / PARTITION_RCU, k.wcu / PARTITION_WCU)).reversed()));
    System.out.println("### Workload " + workload.id() + ": " + workload.description());
    System.out.println();
    System.out.println("| key (index, partition key) | RCU/s | WCU/s | hottest item RCU/s / WCU/s | appended WCU/s | verdict |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
    int shown = 0;
    int over = 0;
    for (KeyLoad load : loads) {
      boolean isOver = load.verdict().startsWith("OVER");
      over += isOver ? 1 : 0;
      boolean focused = workload.focus().stream().anyMatch(load.pk::contains);
      if (shown++ < 12 || isOver || focused) {
        System.out.printf(Locale.ROOT, "| %s `%s` | %s | %s | %s / %s | %s | %s |%n", load.index, shorten(load.pk), units(load.rcu),
            units(load.wcu), units(load.hottestItemRcu()), units(load.hottestItemWcu()), units(load.appendedWcu), load.verdict());
      }
    }
    System.out.println();
    Map<KeyTraffic.Index, double[]> totals = new java.util.EnumMap<>(KeyTraffic.Index.class);
    for (KeyLoad load : loads) {
      double[] total = totals.computeIfAbsent(load.index, i -> new double[2]);
      total[0] += load.rcu;
      total[1] += load.wcu;
    }
    StringBuilder line = new StringBuilder("In all, per second:");
    totals.forEach((index, total) -> line.append(String.format(Locale.ROOT, " %s %s RCU, %s WCU%s;", index, units(total[0]),
        units(total[1]), total[0] > TABLE_QUOTA || total[1] > TABLE_QUOTA ? " (over the default quota: raise it)" : "")));
    System.out.println(line.append(String.format(Locale.ROOT, " the default quota is %s read and %s write units per table"
        + " (raisable); a new on-demand table starts at %s RCU or %s WCU and doubles its previous peak within 30 minutes.",
        units(TABLE_QUOTA), units(TABLE_QUOTA), units(NEW_TABLE_RCU), units(NEW_TABLE_WCU))));
    System.out.println(monthlyCost(traffic, totals));
    double serial = 1_000 / PLACEMENT_MILLIS;
    boolean chainOver = traffic.placements > serial;
    System.out.println();
    System.out.printf(Locale.ROOT, "Change placement: %s changes/s through one head item, placed one at a time (about %s/s at %.0f ms"
        + " a transaction): %s%n", units(traffic.placements), units(serial), PLACEMENT_MILLIS, chainOver ? "OVER" : "ok");
    System.out.println(over + " key(s) over a limit of " + loads.size() + " keys touched" + (chainOver ? ", and the serial placement" : "") + ".");
    System.out.println();
    return over + (chainOver ? 1 : 0);
  }

  // us-east-1, on-demand, as of 2026-12 (docs/scale.md names the sources).
  static final double SECONDS_PER_MONTH = 30 * 24 * 3600;
  static final double RRU_PRICE = 0.125 / 1e6;
  static final double WRU_PRICE = 0.625 / 1e6;
  static final double HTTP_API_FIRST_300M = 1.00 / 1e6;
  static final double HTTP_API_AFTER = 0.90 / 1e6;
  static final double LAMBDA_REQUEST = 0.20 / 1e6;
  static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
  /** The template's functions: 1,024 MB on arm64; an average billed duration per request assumed. */
  static final double LAMBDA_GB = 1.0;
  static final double LAMBDA_SECONDS = 0.010;

  /** The month's bill for the workload's steady rate: DynamoDB, API Gateway, Lambda. */
  static String monthlyCost(Traffic traffic, Map<KeyTraffic.Index, double[]> totals) {
    double rcu = totals.values().stream().mapToDouble(t -> t[0]).sum();
    double wcu = totals.values().stream().mapToDouble(t -> t[1]).sum();
    double dynamo = (rcu * RRU_PRICE + wcu * WRU_PRICE) * SECONDS_PER_MONTH;
    double requests = traffic.requests * SECONDS_PER_MONTH;
    double api = Math.min(requests, 300e6) * HTTP_API_FIRST_300M + Math.max(0, requests - 300e6) * HTTP_API_AFTER;
    double lambda = requests * (LAMBDA_REQUEST + LAMBDA_GB * LAMBDA_SECONDS * LAMBDA_ARM_GB_SECOND);
    return String.format(Locale.ROOT, "A month (30 days) at these rates, on-demand: DynamoDB $%,.0f, API Gateway $%,.0f, Lambda $%,.0f;"
        + " in all $%,.0f (%,.0f requests/s; Lambda at %.0f ms and %.0f GB a request).", dynamo, api, lambda,
        dynamo + api + lambda, traffic.requests, LAMBDA_SECONDS * 1000, LAMBDA_GB);
  }

  /** A partition key as shown: ids sampled by the model are synthetic; long ones cut. */
  private static String shorten(String pk) {
    return pk.length() > 48 ? pk.substring(0, 45) + "..." : pk;
  }

  static String units(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }
}
