package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The behaviour every {@link UserRepository} backend must show; extended once per backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UserRepositoryContract {
  protected UserRepository users;
  private final AtomicInteger sequence = new AtomicInteger();
  private StoreBackend backend;

  /** The backend under test: a new one for this class. */
  protected abstract StoreBackend backend();

  @BeforeAll
  void openStore() {
    backend = backend();
    users = backend.open(java.time.Clock.systemUTC()).users();
  }

  @AfterAll
  void closeStore() {
    if (backend != null) {
      backend.close();
    }
  }

  private String unique(String prefix) {
    return prefix + "-" + sequence.incrementAndGet() + "-" + System.nanoTime();
  }

  private static User user(String id, List<String> teams, Instant created) {
    return new User(id, Optional.of("Name " + id), Role.USER, teams.stream().map(TenantId::new).toList(), Map.of(),
        Map.of(), created, created, 0);
  }

  private User write(User user) {
    return users.write(user.id(), current -> user);
  }

  private List<String> ids(UserListing.Source source, Predicate<User> filter, Ordering order, int pageSize) {
    List<String> ids = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      UserPage page = users.list(new UserListing(source, filter, pageSize, cursor, order));
      page.users().forEach(u -> ids.add(u.id()));
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return ids;
  }

  private List<String> members(String team) {
    return ids(new UserListing.Teams(Set.of(new TenantId(team))), u -> true, Ordering.NEWEST_FIRST, 10);
  }

  @Test
  void writeFindAndListByTeam() {
    String red = unique("red");
    String blue = unique("blue");
    Instant t = Instant.parse("2026-07-01T00:00:00.000Z");
    User a = write(user(unique("a"), List.of(red, blue), t));
    User b = write(user(unique("b"), List.of(blue), t.plusSeconds(1)));
    assertEquals(1, a.version());
    assertEquals(Optional.of(a), users.find(a.id()));
    assertEquals(List.of(a.id()), members(red));
    assertEquals(List.of(b.id(), a.id()), members(blue), "newest first");
    assertEquals(List.of(a.id(), b.id()).stream().sorted().toList(),
        ids(new UserListing.Teams(Set.of(new TenantId(red), new TenantId(blue))), u -> true, new Ordering(Ordering.Field.ID, false), 1),
        "merged across teams, by id, without duplicates");
  }

  @Test
  void movingBetweenTeamsMovesTheListings() {
    String red = unique("red");
    String blue = unique("blue");
    User u = write(user(unique("mover"), List.of(red), Instant.parse("2026-07-02T00:00:00.000Z")));
    users.write(u.id(), current -> user(u.id(), List.of(blue), current.orElseThrow().createdAt()));
    assertEquals(List.of(), members(red));
    assertEquals(List.of(u.id()), members(blue));
    users.write(u.id(), current -> user(u.id(), List.of(), current.orElseThrow().createdAt()));
    assertEquals(List.of(), members(blue));
    assertTrue(ids(new UserListing.Teams(Set.of(TenantId.DEFAULT)), x -> x.id().equals(u.id()), Ordering.NEWEST_FIRST, 100)
        .contains(u.id()), "a user without teams is listed under the default tenant");
  }

  @Test
  void deleteAndRecreate() {
    String red = unique("red");
    User u = write(user(unique("gone"), List.of(red), Instant.parse("2026-07-03T00:00:00.000Z")));
    assertEquals(Optional.of(u), users.delete(u.id()));
    assertEquals(Optional.empty(), users.find(u.id()));
    assertEquals(List.of(), members(red));
    assertEquals(Optional.empty(), users.delete(u.id()));
    User again = write(user(u.id(), List.of(red), Instant.parse("2026-07-04T00:00:00.000Z")));
    assertEquals(1, again.version());
    assertEquals(List.of(u.id()), members(red));
  }

  @Test
  void aUserOfManyTeamsIsListedInEach() {
    List<String> teams = IntStream.range(0, 250).mapToObj(i -> unique("t")).toList();
    User u = write(user(unique("many"), teams, Instant.parse("2026-07-05T00:00:00.000Z")));
    for (String team : List.of(teams.getFirst(), teams.get(123), teams.getLast())) {
      assertEquals(List.of(u.id()), members(team));
    }
    users.write(u.id(), current -> user(u.id(), List.of(teams.get(7)), current.orElseThrow().createdAt()));
    assertEquals(List.of(), members(teams.get(123)));
    assertEquals(List.of(u.id()), members(teams.get(7)));
  }

  @Test
  void concurrentWritesReapplyTheirChange() throws Exception {
    backend.requireAtomicConcurrentWrites();
    String id = unique("busy");
    write(user(id, List.of(), Instant.parse("2026-07-06T00:00:00.000Z")));
    List<String> teams = IntStream.range(0, 12).mapToObj(i -> unique("c")).toList();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String team : teams) {
        futures.add(pool.submit(() -> users.write(id, current -> {
          User c = current.orElseThrow();
          List<TenantId> next = new ArrayList<>(c.teams());
          next.add(new TenantId(team));
          return new User(id, c.name(), c.role(), next, c.teamsRole(), c.metadata(), c.createdAt(), c.updatedAt(), c.version());
        })));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    User after = users.find(id).orElseThrow();
    assertEquals(Set.copyOf(teams), Set.copyOf(after.teams().stream().map(TenantId::value).toList()));
    for (String team : teams) {
      assertEquals(List.of(id), members(team));
    }
  }

  @Test
  void listsAllUsersInBothOrders() {
    String tag = unique("all");
    Instant t = Instant.parse("2098-01-01T00:00:00.000Z");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(write(user(tag + "-" + (char) ('g' - i), List.of(), t.plusSeconds(i))).id());
    }
    Predicate<User> mine = u -> u.id().startsWith(tag);
    List<String> newest = ids(new UserListing.AllUsers(), mine, Ordering.NEWEST_FIRST, 3);
    assertEquals(created.reversed(), newest.subList(0, 7));
    List<String> byId = ids(new UserListing.AllUsers(), mine, new Ordering(Ordering.Field.ID, false), 2);
    assertEquals(created.stream().sorted().toList(), byId);
    List<String> byIdDesc = ids(new UserListing.AllUsers(), mine, new Ordering(Ordering.Field.ID, true), 4);
    assertEquals(created.stream().sorted().toList().reversed(), byIdDesc);
  }
}
