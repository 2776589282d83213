package dev.gatehouse.bench.jmh;

import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.sql.SqlStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The two engines the embedded store could run on, SQLite (sqlite-jdbc) and H2, in memory, with
 * the store's own tables and queries: a room read by id, and the rooms of a user with two groups
 * (the access index, newest first, 20 rows). 10,000 rooms; each of ten users ({@code a0}..{@code
 * a9}, taken in turn, so that no engine can answer from a cached result) has an entry in 20 of
 * them, each group in 100. Plain JDBC with prepared statements on one connection, as the store runs.
 * The {@code store*} methods run the same two reads through the SQL store itself (SQLite, plus
 * decoding each room's JSON document). Single-threaded average time: CPU per operation.
 *
 * <p>{@code ./gatehouse bench jmh SqlEngineBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SqlEngineBenchmark {
  static final int ROOMS = 10_000;
  static final int USERS = 10;

  @Param({"sqlite", "h2"})
  public String engine;

  private Connection connection;
  private PreparedStatement get;
  private PreparedStatement members;
  private SqlStore store;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    boolean sqlite = engine.equals("sqlite");
    connection = DriverManager.getConnection(sqlite ? "jdbc:sqlite::memory:" : "jdbc:h2:mem:bench-" + System.nanoTime());
    String noRowid = sqlite ? " WITHOUT ROWID" : "";
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE rooms (id VARCHAR(200) NOT NULL PRIMARY KEY, tenant VARCHAR(200) NOT NULL, created VARCHAR(30) NOT NULL,"
          + " created_order VARCHAR(300) NOT NULL UNIQUE, version BIGINT NOT NULL, document VARCHAR(100000) NOT NULL)" + noRowid);
      s.execute("CREATE INDEX rooms_by_tenant_created ON rooms (tenant, created_order)");
      s.execute("CREATE TABLE room_access (principal VARCHAR(300) NOT NULL, created_order VARCHAR(300) NOT NULL,"
          + " room_id VARCHAR(200) NOT NULL, PRIMARY KEY (principal, created_order))" + noRowid);
      s.execute("CREATE INDEX room_access_by_room ON room_access (room_id)");
    }
    connection.setAutoCommit(false);
    store = SqlStore.open(Optional.empty(), Clock.systemUTC());
    try (PreparedStatement room = connection.prepareStatement("INSERT INTO rooms VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement access = connection.prepareStatement("INSERT INTO room_access VALUES (?, ?, ?)")) {
      for (int i = 0; i < ROOMS; i++) {
        Room r = room(i);
        String created = dev.gatehouse.store.Positions.timestamp(r.createdAt());
        String order = dev.gatehouse.store.Positions.created(r.createdAt(), r.id());
        room.setString(1, r.id());
        room.setString(2, r.tenant().value());
        room.setString(3, created);
        room.setString(4, order);
        room.setLong(5, 1);
        room.setString(6, "{\"metadata\":{\"n\":\"" + i + "\"},\"defaultAccesses\":[],\"usersAccesses\":{\"u" + i + "\":[\"room:write\"]}}");
        room.executeUpdate();
        for (String principal : principals(r)) {
          access.setString(1, principal);
          access.setString(2, order);
          access.setString(3, r.id());
          access.executeUpdate();
        }
        store.repositories().rooms().create(r);
      }
    }
    connection.commit();
    get = connection.prepareStatement("SELECT id, tenant, created, version, document FROM rooms WHERE id = ?");
    // The SQL store's own query shape: one ordered, limited range scan of the access index per
    // principal, merged by IN, then the rooms by their order column (no sort of every entry).
    String range = "SELECT p FROM (SELECT created_order AS p FROM room_access WHERE principal = ? ORDER BY created_order DESC LIMIT 21)";
    members = connection.prepareStatement("SELECT created_order, id, tenant, created, version, document FROM rooms"
        + " WHERE created_order IN (" + range + " UNION ALL " + range + " UNION ALL " + range + ")"
        + " ORDER BY created_order DESC LIMIT 21");
    if (getRoom() == 0 || usersRooms() != 20) {
      throw new IllegalStateException("the seeded data is not what the benchmark claims");
    }
  }

  private static Room room(int i) {
    Map<String, List<String>> users = new LinkedHashMap<>();
    users.put("u" + i, List.of("room:write"));
    if (i % 50 == 0) {
      users.put("a" + (i / 50) % USERS, List.of("*:read"));
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    if (i % 100 == 1) {
      groups.put("eng", List.of("*:read"));
    }
    if (i % 100 == 2) {
      groups.put("design", List.of("*:read"));
    }
    return Room.create("room-" + i, new TenantId("t" + (i % 20)), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
        Map.of("n", Integer.toString(i)), RoomAccesses.parse(List.of(), groups, users), Optional.empty());
  }

  private static List<String> principals(Room r) {
    List<String> out = new ArrayList<>();
    r.accesses().usersAccesses().keySet().forEach(u -> out.add("U#" + u));
    r.accesses().groupsAccesses().keySet().forEach(g -> out.add("G#" + g));
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    store.close();
  }

  /** One room by id (the document read, not decoded). */
  @Benchmark
  public int getRoom() throws SQLException {
    get.setString(1, "room-" + (next++ % ROOMS));
    int length = 0;
    try (ResultSet rs = get.executeQuery()) {
      while (rs.next()) {
        length += rs.getString(5).length() + rs.getString(2).length();
      }
    }
    connection.commit();
    return length;
  }

  /** The first page (20) of the rooms of the next user with groups eng and design, newest first. */
  @Benchmark
  public int usersRooms() throws SQLException {
    members.setString(1, "U#a" + (next++ % USERS));
    members.setString(2, "G#design");
    members.setString(3, "G#eng");
    int rows = 0;
    try (ResultSet rs = members.executeQuery()) {
      while (rs.next() && rows < 20) {
        rs.getString(6);
        rows++;
      }
    }
    connection.commit();
    return rows;
  }

  /** {@code RoomRepository.find} on the SQL store (SQLite whatever {@code engine} says): read and decode. */
  @Benchmark
  public Optional<Room> storeFind() {
    return store.repositories().rooms().find("room-" + (next++ % ROOMS));
  }

  /** {@code RoomRepository.list} of the same pages on the SQL store, decoded (decoded rooms are reused, as in the store). */
  @Benchmark
  public RoomPage storeUsersRooms() {
    return store.repositories().rooms().list(new RoomListing(
        new RoomListing.Members(Optional.of("a" + (next++ % USERS)), Set.of("eng", "design")), r -> true, 20,
        Optional.empty()));
  }
}
