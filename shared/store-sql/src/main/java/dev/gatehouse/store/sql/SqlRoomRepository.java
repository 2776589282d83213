package dev.gatehouse.store.sql;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.StoreErrors;
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
    return store.transaction("read room", s -> find(s, roomId));
  }

  @Override
  public Optional<Room> find(TenantId tenant, String roomId) {
    return store.transaction("read room", s -> find(s, roomId).filter(r -> r.tenant().equals(tenant)));
  }

  @Override
  public Optional<TenantId> tenantOf(String roomId) {
    return store.transaction("read room id", s -> {
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
      return stored;
    });
  }

  @Override
  public Optional<Room> update(String roomId, UnaryOperator<Room> change) {
    return store.transaction("update room", s -> {
      Optional<Room> found = find(s, roomId);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Room current = found.get();
      Room next = change.apply(current);
      if (!next.id().equals(current.id()) || !next.tenant().equals(current.tenant())
          || !next.createdAt().equals(current.createdAt())) {
        throw new IllegalArgumentException("an update cannot change a room's id, tenant or creation time");
      }
      Room stored = next.withVersion(current.version() + 1);
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
      return found;
    });
  }

  @Override
  public List<String> roomIdsOf(TenantId tenant, int limit) {
    return store.transaction("list a tenant's rooms", s -> {
      PreparedStatement q = s.statement("SELECT id FROM rooms WHERE tenant = ? ORDER BY id LIMIT ?");
      q.setString(1, tenant.value());
      q.setInt(2, limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }

  @Override
  public RoomPage list(RoomListing listing) {
    Ordering order = listing.order();
    Optional<String> after = listing.after().map(c -> Cursors.decode(c, order));
    return store.transaction("list rooms", s -> {
      boolean byTime = order.field() == Ordering.Field.CREATED_AT;
      String positionColumn = byTime ? "created_order" : "id";
      String direction = order.descending() ? "DESC" : "ASC";
      List<String> where = new ArrayList<>();
      List<String> values = new ArrayList<>();
      switch (listing.source()) {
        case RoomListing.AllRooms all -> { }
        case RoomListing.Tenants tenants -> {
          if (tenants.tenants().isEmpty()) {
            return new RoomPage(List.of(), Optional.empty());
          }
          where.add("tenant IN (" + PagedRows.placeholders(tenants.tenants().size()) + ")");
          tenants.tenants().stream().map(TenantId::value).sorted().forEach(values::add);
        }
        case RoomListing.Members members -> {
          return members(s, members, after, listing);
        }
      }
      if (after.isPresent()) {
        where.add(positionColumn + (order.descending() ? " < ?" : " > ?"));
        values.add(after.get());
      }
      String sql = "SELECT " + positionColumn + ", " + COLUMNS + " FROM rooms"
          + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
          + " ORDER BY " + positionColumn + " " + direction + " LIMIT ?";
      PreparedStatement q = s.statement(sql);
      int i = 1;
      for (String value : values) {
        q.setString(i++, value);
      }
      q.setInt(i, PagedRows.maxExamined(listing.limit()) + 1);
      try (ResultSet rs = q.executeQuery()) {
        PagedRows.Result<Room> page = PagedRows.read(rs, listing.limit(), row -> room(row, 2), listing.filter());
        return new RoomPage(page.items(), page.nextPosition().map(p -> Cursors.encode(order, p)));
      }
    });
  }

  /**
   * The rooms of a user or groups, newest first: the access index's rows (one range per
   * principal of its primary key, merged and deduplicated), then each room by its order column.
   */
  private static RoomPage members(SqlStore s, RoomListing.Members members, Optional<String> after, RoomListing listing)
      throws SQLException {
    List<String> principals = new ArrayList<>();
    members.userId().ifPresent(u -> principals.add(userPrincipal(u)));
    members.groupIds().stream().sorted().forEach(g -> principals.add(groupPrincipal(g)));
    if (principals.isEmpty()) {
      return new RoomPage(List.of(), Optional.empty());
    }
    String sql = "SELECT r.created_order, r.id, r.tenant, r.created, r.version, r.document"
        + " FROM (SELECT DISTINCT created_order FROM room_access WHERE principal IN (" + PagedRows.placeholders(principals.size()) + ")"
        + (after.isPresent() ? " AND created_order < ?" : "")
        + " ORDER BY created_order DESC LIMIT ?) a JOIN rooms r ON r.created_order = a.created_order"
        + " ORDER BY r.created_order DESC";
    PreparedStatement q = s.statement(sql);
    int i = 1;
    for (String principal : principals) {
      q.setString(i++, principal);
    }
    if (after.isPresent()) {
      q.setString(i++, after.get());
    }
    q.setInt(i, PagedRows.maxExamined(listing.limit()) + 1);
    try (ResultSet rs = q.executeQuery()) {
      PagedRows.Result<Room> page = PagedRows.read(rs, listing.limit(), row -> room(row, 2), listing.filter());
      return new RoomPage(page.items(), page.nextPosition().map(p -> Cursors.encode(Ordering.NEWEST_FIRST, p)));
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private static Optional<Room> find(SqlStore s, String roomId) throws SQLException {
    PreparedStatement q = s.statement("SELECT " + COLUMNS + " FROM rooms WHERE id = ?");
    q.setString(1, roomId);
    try (ResultSet rs = q.executeQuery()) {
      return rs.next() ? Optional.of(room(rs, 1)) : Optional.empty();
    }
  }

  /** The room in the row's columns from {@code first} on ({@link #COLUMNS}). */
  private static Room room(ResultSet rs, int first) throws SQLException {
    return Documents.room(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2), rs.getLong(first + 3),
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
