package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Runs every table schema's converters once, both ways, on sample items: what a SnapStart
 * snapshot should hold warm. No network, no table, no credentials.
 */
public final class SchemaPriming {
  /** The samples priming works on (shared with {@link ClientPriming}). */
  static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  static final TenantId TENANT = new TenantId("priming");

  private SchemaPriming() {}

  /** A room with metadata, a default access, a group and a user entry. */
  static Room sampleRoom() {
    return Room.create("priming-room", TENANT, AT, Map.of("k", "v", "tags", List.of("a")),
        RoomAccesses.parse(List.of("*:read"), Map.of("g", List.of("*:write")), Map.of("u", List.of("room:write"))),
        Optional.of("u"));
  }

  /** A user in one team, with a team role and metadata. */
  static User sampleUser() {
    return new User("priming-user", Optional.of("P"), Role.USER, List.of(TENANT), Map.of(TENANT, Role.ADMIN),
        Map.of("k", "v"), AT, AT, 1);
  }

  /** Round-trips a sample of every item kind; returns how many items went through. */
  public static int run() {
    TenantId tenant = TENANT;
    Room room = sampleRoom();
    User user = sampleUser();
    roundTrip(RoomItem.SCHEMA, RoomItem.from(room)).toRoom();
    roundTrip(RoomIdItem.SCHEMA, RoomIdItem.from(room, "priming-write"));
    roundTrip(AccessIndexItem.SCHEMA, AccessIndexItem.of(new AccessIndexItem.IndexKey("pk", "sk"), room.id(), tenant.value(), 1));
    roundTrip(UserItem.SCHEMA, UserItem.from(user)).toUser();
    roundTrip(MembershipItem.SCHEMA, MembershipItem.of(tenant, user));
    roundTrip(SettingsItem.SCHEMA, SettingsItem.SCHEMA.mapToItem(Map.of()));
    roundTrip(LedgerItem.SCHEMA, LedgerItem.SCHEMA.mapToItem(Map.of()));
    return 7;
  }

  private static <T> T roundTrip(TableSchema<T> schema, T item) {
    return schema.mapToItem(schema.itemToMap(item, true));
  }
}
