package dev.gatehouse.store.sql;

import static dev.gatehouse.store.Rooms.aRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.StorageException;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQL store has: a database file that outlives the process, its lock, its schema version. */
class SqlStoreIT {
  @TempDir
  Path data;

  @Test
  void aFileStoreKeepsItsDataAcrossRestarts() {
    Room room;
    try (SqlStore store = SqlStore.open(Optional.of(data), Clock.systemUTC())) {
      room = store.repositories().rooms().create(aRoom("kept").withUser("alice", "*:write").build());
      store.repositories().settings().put(new Settings(true, Optional.of(Instant.parse("2026-01-02T00:00:00Z"))));
    }
    assertTrue(Files.exists(data.resolve(SqlStore.FILE_NAME)), "one database file in the data directory");
    try (SqlStore store = SqlStore.open(Optional.of(data), Clock.systemUTC())) {
      assertEquals(Optional.of(room), store.repositories().rooms().find("kept"));
      assertTrue(store.repositories().settings().get().multiTenantEnabled());
    }
  }

  @Test
  void twoServersNeverShareADataDirectory() {
    try (SqlStore first = SqlStore.open(Optional.of(data), Clock.systemUTC())) {
      StorageException e = assertThrows(StorageException.class, () -> SqlStore.open(Optional.of(data), Clock.systemUTC()));
      assertTrue(e.getMessage().contains("in use by another Gatehouse server"), e.getMessage());
      first.repositories().settings().get(); // the first one is unharmed
    }
    SqlStore.open(Optional.of(data), Clock.systemUTC()).close(); // and the directory is free once it closes
  }

  @Test
  void memoryStoresAreSeparate() {
    try (SqlStore a = SqlStore.open(Optional.empty(), Clock.systemUTC());
        SqlStore b = SqlStore.open(Optional.empty(), Clock.systemUTC())) {
      a.repositories().rooms().create(aRoom("only-in-a").build());
      assertEquals(Optional.empty(), b.repositories().rooms().find("only-in-a"));
    }
  }

  @Test
  void aDatabaseFromANewerGatehouseIsRefusedNotMisread() throws Exception {
    SqlStore.open(Optional.of(data), Clock.systemUTC()).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqlStore.FILE_NAME));
        Statement s = c.createStatement()) {
      s.execute("UPDATE schema_version SET version = " + (Schema.CURRENT + 1));
    }
    StorageException e = assertThrows(StorageException.class, () -> SqlStore.open(Optional.of(data), Clock.systemUTC()));
    assertTrue(e.getMessage().contains("newer than this Gatehouse's"), e.getMessage());
    // The refusal released the directory.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqlStore.FILE_NAME));
        Statement s = c.createStatement()) {
      s.execute("UPDATE schema_version SET version = " + Schema.CURRENT);
    }
    SqlStore.open(Optional.of(data), Clock.systemUTC()).close();
  }

  @Test
  void aFailedWriteLeavesNothingBehind() {
    try (SqlStore store = SqlStore.open(Optional.empty(), Clock.systemUTC())) {
      Room room = store.repositories().rooms().create(aRoom("whole").withUser("alice", "*:read").build());
      // The change is refused (it would move the room to another id): nothing is written.
      assertThrows(IllegalArgumentException.class, () -> store.repositories().rooms().update("whole",
          r -> aRoom("other-id").withUser("bob", "*:write").build()));
      assertEquals(Optional.of(room), store.repositories().rooms().find("whole"));
      assertEquals(java.util.List.of(), store.repositories().rooms().list(new dev.gatehouse.store.RoomListing(
          new dev.gatehouse.store.RoomListing.Members(Optional.of("bob"), java.util.Set.of()), r -> true, 10, Optional.empty())).rooms());
    }
  }
}
