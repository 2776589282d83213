package dev.gatehouse.bench.scale;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The synthetic rooms and users a workload samples: tenants with their room counts, a room chosen
 * uniformly (so a tenant is chosen by its size), and one user per 10 rooms of its tenant. Rooms are
 * made on demand, never stored: a room id names its tenant and index, so the same pick makes the
 * same keys.
 */
final class Population {
  private final TenantId[] tenants;
  /** Cumulative room counts, for picking a room uniformly among all. */
  private final long[] cumulative;

  private Population(TenantId[] tenants, long[] sizes) {
    this.tenants = tenants;
    this.cumulative = new long[sizes.length];
    long sum = 0;
    for (int i = 0; i < sizes.length; i++) {
      sum += sizes[i];
      cumulative[i] = sum;
    }
  }

  /** {@code count} tenants whose sizes follow Zipf's law with exponent {@code s}, {@code rooms} in all. */
  static Population zipf(int count, long rooms, double s) {
    double harmonic = 0;
    for (int i = 1; i <= count; i++) {
      harmonic += 1 / Math.pow(i, s);
    }
    TenantId[] tenants = new TenantId[count];
    long[] sizes = new long[count];
    for (int i = 0; i < count; i++) {
      tenants[i] = new TenantId("t" + (i + 1));
      sizes[i] = Math.max(1, Math.round(rooms / Math.pow(i + 1, s) / harmonic));
    }
    return new Population(tenants, sizes);
  }

  static Population single(TenantId tenant, long rooms) {
    return new Population(new TenantId[] {tenant}, new long[] {rooms});
  }

  /** A room and a user of its tenant. */
  record Pick(TenantId tenant, long index, long tenantRooms, String user) {
    Room room() {
      return room(tenant, index);
    }

    /** A room created now in this tenant, with five users (one of them {@code also}, if given) and one group. */
    Room newRoom(int serial, Optional<String> also) {
      String id = tenant.value() + ":new-" + serial;
      RoomAccesses accesses = also.map(u -> accesses(id, u)).orElseGet(() -> accesses(id, user));
      return new Room(id, tenant, ScaleModel.NOW.plusMillis(serial), Map.of(), accesses, Optional.empty(), 1);
    }

    static Room room(TenantId tenant, long index) {
      String id = tenant.value() + ":r" + index;
      return new Room(id, tenant, ScaleModel.EPOCH.plus(Duration.ofSeconds(index)), Map.of(), accesses(id, "u" + index / 10),
          Optional.empty(), 3);
    }
  }

  Pick pick(Random random) {
    long total = cumulative[cumulative.length - 1];
    long at = (long) (random.nextDouble() * total);
    int i = java.util.Arrays.binarySearch(cumulative, at + 1);
    if (i < 0) {
      i = -i - 1;
    }
    long start = i == 0 ? 0 : cumulative[i - 1];
    long index = at - start;
    long size = cumulative[i] - start;
    TenantId tenant = tenants[i];
    String user = tenant.value() + ":u" + (long) (random.nextDouble() * Math.max(1, size / 10));
    return new Pick(tenant, index, size, user);
  }

  /** The page of rooms a listing returns for this pick: the newest {@code limit} of its tenant. */
  List<Room> page(Pick pick, int limit) {
    List<Room> rooms = new ArrayList<>();
    for (long i = pick.tenantRooms() - 1; i >= 0 && rooms.size() < limit; i--) {
      rooms.add(Pick.room(pick.tenant(), i));
    }
    return rooms;
  }

  /** Five users (the given one first) and one group, as a room's entries. */
  static RoomAccesses accesses(String roomId, String user) {
    Map<String, List<String>> users = new java.util.LinkedHashMap<>();
    users.put(user, List.of("room:write"));
    for (int k = 1; k < 5; k++) {
      users.put(roomId + "-member-" + k, List.of("room:read"));
    }
    return RoomAccesses.parse(List.of("room:read"), Map.of("group-" + Math.abs(roomId.hashCode() % 100), List.of("room:write")), users);
  }
}
