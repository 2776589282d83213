package dev.gatehouse.store.sql;

import dev.gatehouse.store.Paging;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.StoreErrors;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Changes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Rooms in {@code rooms}, their access index in {@code room_access} (one row per user or group
 * entry), both written in the same transaction, so the index is always the room's own.
 *
 * <pre>
 * source      newest first                                  by id
 * all rooms   rooms by created_order                        rooms by id
 * tenants     rooms_by_tenant_created                       rooms_by_tenant_id
 * members     room_access (principal, created_order), then rooms by created_order
 * </pre>
 */
final class SqlRoomRepository implements RoomRepository {
  private static final String COLUMNS = "id, tenant, created, version, document";

  private final SqlStore store;

  SqlRoomRepository(SqlStore store) {
    this.store = store;
  }

  @Override
  public Optional<Room> find(String roomId) {
    return store.read("read room", s -> find(s, roomId));
  }

  @Override
  public Optional<Room> find(TenantId tenant, String roomId) {
    return store.read("read room", s -> find(s, roomId).filter(r -> r.tenant().equals(tenant)));
  }

  @Override
  public Optional<TenantId> tenantOf(String roomId) {
    return store.read("read room id", s -> {
      PreparedStatement q = s.statement("SELECT tenant FROM rooms WHERE id = ?");
      q.setString(1, roomId);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(new TenantId(rs.getString(1))) : Optional.empty();
      }
    });
  }

  @Override
  public Room create(Room room) {
    Room stored = room.withVersion(1);
    return store.transaction("create room", s -> {
      if (find(s, room.id()).isPresent()) {
        throw StoreErrors.roomExists(room.id());
      }
      insert(s, stored);
      SqlChangeLog.record(s, Changes.ofRoom(Optional.empty(), Optional.of(stored), s.clock.instant(), Actor.current()));
      return stored;
    });
  }

  /** One transaction: the old row goes (its access rows with it), the renamed one and its access rows come. */
  @Override
  public Optional<Room> rename(String roomId, String newRoomId) {
    return store.transaction("rename room", s -> {
      Optional<Room> found = find(s, roomId);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      if (find(s, newRoomId).isPresent()) {
        throw StoreErrors.roomExists(newRoomId);
      }
      Room renamed = found.get().renamed(newRoomId);
      PreparedStatement delete = s.statement("DELETE FROM rooms WHERE id = ? AND version = ?");
      delete.setString(1, roomId);
      delete.setLong(2, found.get().version());
      if (delete.executeUpdate() != 1) {
        throw new SQLException("room changed under its own transaction");
      }
      insert(s, renamed);
      SqlChangeLog.record(s, Optional.of(Changes.ofRename(found.get(), renamed, s.clock.instant(), Actor.current())));
      return Optional.of(renamed);
    });
  }

  private static void insert(SqlStore s, Room stored) throws SQLException {
    PreparedStatement insert = s.statement(
        "INSERT INTO rooms (id, tenant, created, created_order, version, document) VALUES (?, ?, ?, ?, ?, ?)");
    insert.setString(1, stored.id());
    insert.setString(2, stored.tenant().value());
    insert.setString(3, Positions.timestamp(stored.createdAt()));
    insert.setString(4, Positions.created(stored.createdAt(), stored.id()));
    insert.setLong(5, stored.version());
    insert.setString(6, Documents.room(stored));
    insert.executeUpdate();
    addAccess(s, stored, principals(stored));
  }

  @Override
  public Optional<Room> update(String roomId, UnaryOperator<Room> change) {
    return store.transaction("update room", s -> {
      Optional<Room> found = find(s, roomId);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Room current = found.get();
      Room stored = current.nextVersion(change.apply(current));
      PreparedStatement write = s.statement("UPDATE rooms SET version = ?, document = ? WHERE id = ? AND version = ?");
      write.setLong(1, stored.version());
      write.setString(2, Documents.room(stored));
      write.setString(3, roomId);
      write.setLong(4, current.version());
      if (write.executeUpdate() != 1) {
        throw new SQLException("room " + "changed under its own transaction");
      }
      Set<String> before = principals(current);
      Set<String> after = principals(stored);
      Set<String> added = new LinkedHashSet<>(after);
      added.removeAll(before);
      Set<String> removed = new LinkedHashSet<>(before);
      removed.removeAll(after);
      addAccess(s, stored, added);
      String order = Positions.created(stored.createdAt(), stored.id());
      for (String principal : removed) {
        PreparedStatement delete = s.statement("DELETE FROM room_access WHERE principal = ? AND created_order = ?");
        delete.setString(1, principal);
        delete.setString(2, order);
        delete.executeUpdate();
      }
      SqlChangeLog.record(s, Changes.ofRoom(found, Optional.of(stored), s.clock.instant(), Actor.current()));
      return Optional.of(stored);
    });
  }

  @Override
  public Optional<Room> deleteIf(String roomId, Predicate<Room> condition) {
    return store.transaction("delete room", s -> {
      Optional<Room> found = find(s, roomId);
      if (found.isEmpty() || !condition.test(found.get())) {
        return Optional.empty();
      }
      PreparedStatement delete = s.statement("DELETE FROM rooms WHERE id = ?");
      delete.setString(1, roomId);
      delete.executeUpdate(); // its room_access rows go with it (ON DELETE CASCADE)
      SqlChangeLog.record(s, Changes.ofRoom(found, Optional.empty(), s.clock.instant(), Actor.current()));
      return found;
    });
  }

  @Override
  public List<String> roomIdsOf(TenantId tenant, int limit) {
    return store.read("list a tenant's rooms",
        s -> s.ids("SELECT id FROM rooms WHERE tenant = ? ORDER BY id LIMIT ?", tenant.value(), limit));
  }

  @Override
  public RoomPage list(RoomListing listing) {
    Ordering order = listing.order();
    Optional<String> after = listing.after().map(c -> Cursors.decode(c, order));
    String position = order.field() == Ordering.Field.CREATED_AT ? "created_order" : "id";
    Listing source = new Listing("rooms", COLUMNS, position, "rooms", position, "tenant");
    List<String> partitions = new ArrayList<>();
    switch (listing.source()) {
      case RoomListing.AllRooms all -> { }
      case RoomListing.Tenants tenants -> tenants.tenants().stream().map(TenantId::value).sorted().forEach(partitions::add);
      case RoomListing.Members members -> {
        source = new Listing("rooms", COLUMNS, "created_order", "room_access", "created_order", "principal");
        members.userId().ifPresent(u -> partitions.add(userPrincipal(u)));
        members.groupIds().stream().sorted().forEach(g -> partitions.add(groupPrincipal(g)));
      }
    }
    boolean all = listing.source() instanceof RoomListing.AllRooms;
    if (!all && partitions.isEmpty()) {
      return new RoomPage(List.of(), Optional.empty());
    }
    Listing from = source;
    return store.read("list rooms", s -> {
      Paging.Result<Room> page = Paging.read(listing.limit(), after,
          (resume, count) -> from.read(s, partitions, all, order.descending(), resume, count, rs -> lazyRoom(s, rs)),
          listing.filter());
      return new RoomPage(page.items(), page.nextPosition().map(p -> Cursors.encode(order, p)));
    });
  }

  // --- helpers -----------------------------------------------------------------------------

  private static Optional<Room> find(SqlStore s, String roomId) throws SQLException {
    PreparedStatement q = s.statement("SELECT " + COLUMNS + " FROM rooms WHERE id = ?");
    q.setString(1, roomId);
    try (ResultSet rs = q.executeQuery()) {
      return rs.next() ? Optional.of(room(s, rs, 1)) : Optional.empty();
    }
  }

  /** The room in a listing row (position first), decoded when examined. */
  private static Paging.Decoded<Room> lazyRoom(SqlStore s, ResultSet rs) throws SQLException {
    String id = rs.getString(2);
    String tenant = rs.getString(3);
    String created = rs.getString(4);
    long version = rs.getLong(5);
    String document = rs.getString(6);
    return () -> s.decodedRooms.decode(id, tenant, created, version, document);
  }

  /** The room in the row's columns from {@code first} on ({@link #COLUMNS}). */
  private static Room room(SqlStore s, ResultSet rs, int first) throws SQLException {
    return s.decodedRooms.decode(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2), rs.getLong(first + 3),
        rs.getString(first + 4));
  }

  private static void addAccess(SqlStore s, Room room, Set<String> principals) throws SQLException {
    String order = Positions.created(room.createdAt(), room.id());
    for (String principal : principals) {
      PreparedStatement insert = s.statement("INSERT INTO room_access (principal, created_order, room_id) VALUES (?, ?, ?)");
      insert.setString(1, principal);
      insert.setString(2, order);
      insert.setString(3, room.id());
      insert.executeUpdate();
    }
  }

  private static Set<String> principals(Room room) {
    Set<String> principals = new LinkedHashSet<>();
    room.accesses().usersAccesses().keySet().forEach(u -> principals.add(userPrincipal(u)));
    room.accesses().groupsAccesses().keySet().forEach(g -> principals.add(groupPrincipal(g)));
    return principals;
  }

  private static String userPrincipal(String userId) {
    return "U#" + userId;
  }

  private static String groupPrincipal(String groupId) {
    return "G#" + groupId;
  }
}
