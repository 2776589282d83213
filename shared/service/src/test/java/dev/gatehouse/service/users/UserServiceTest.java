package dev.gatehouse.service.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserRepository;
import dev.gatehouse.store.memory.MemoryStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The user service on the in-memory store (held to the same repository contract as the SQL and
 * DynamoDB stores, so no database is needed here): batches are validated whole before anything
 * is written.
 */
class UserServiceTest {
  private final dev.gatehouse.store.Repositories store = MemoryStore.open(Clock.systemUTC());
  private final UserRepository repository = store.users();
  private final UserService users = new UserService(repository, store.accessReads(), Clock.systemUTC());

  private static UserInput user(String id, List<String> teams) {
    return new UserInput(id, "N", null, teams, null, null);
  }

  @Test
  void oneBadUserFailsTheWholeBatchAndWritesNothing() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> users.upsert(List.of(
        user("ok-1", List.of("red")), user("ok-2", List.of("blue")), new UserInput("bad", null, "superuser", null, null, null))));
    assertEquals("users[2].role", e.field());
    assertTrue(repository.find("ok-1").isEmpty() && repository.find("ok-2").isEmpty(), "nothing written");
  }

  @Test
  void limitsAndReservedNames() {
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 251; i++) {
      tooMany.add("t" + i);
    }
    assertEquals("users[0].teams", assertThrows(InvalidInputException.class, () -> users.upsert(List.of(user("u", tooMany)))).field());
    assertEquals("users[0].teams[0]", assertThrows(InvalidInputException.class,
        () -> users.upsert(List.of(user("u", List.of("t".repeat(101)))))).field());
    assertEquals("users[0].teams[1]", assertThrows(InvalidInputException.class,
        () -> users.upsert(List.of(user("u", List.of("red", "default"))))).field());
    assertEquals("users[1].id", assertThrows(InvalidInputException.class,
        () -> users.upsert(List.of(user("same", List.of()), user("same", List.of())))).field());
    assertEquals("users", assertThrows(InvalidInputException.class, () -> users.upsert(Collections.nCopies(101, user("u", List.of())))).field());
    assertEquals("users[0].teamsRole.green", assertThrows(InvalidInputException.class, () -> users.upsert(List.of(
        new UserInput("u", null, null, List.of("red"), Map.of("green", "admin"), null)))).field());
  }

  @Test
  void upsertKeepsCreationTimeAndPatchSetsAndUnsets() {
    User first = users.upsert(List.of(new UserInput("p1", "Pat", "admin", List.of("red", "blue"), Map.of("blue", "global_admin"),
        Map.of("plan", "pro")))).written().getFirst();
    User again = users.upsert(List.of(new UserInput("p1", "Pat", null, List.of("red"), null, null))).written().getFirst();
    assertEquals(first.createdAt(), again.createdAt());
    assertEquals(Role.USER, again.role());
    users.patch(List.of(new UserPatch("p1", Map.of("teams", List.of("red", "blue"), "teamsRole", Map.of("blue", "admin"),
        "metadata", Map.of("tier", "gold")), List.of("name"))));
    User patched = users.get("p1");
    assertEquals(List.of(new TenantId("red"), new TenantId("blue")), patched.teams());
    assertEquals(Map.of(new TenantId("blue"), Role.ADMIN), patched.teamsRole());
    assertTrue(patched.name().isEmpty());
    assertEquals(Map.of("tier", "gold"), patched.metadata());
    users.patch(List.of(new UserPatch("p1", Map.of("teams", List.of("red")), List.of())));
    assertEquals(Map.of(), users.get("p1").teamsRole(), "a role for a team the user left goes with it");
  }

  @Test
  void aPatchBatchIsCheckedAgainstEveryUserFirst() {
    users.upsert(List.of(user("q1", List.of("red"))));
    assertThrows(NotFoundException.class, () -> users.patch(List.of(
        new UserPatch("q1", Map.of("name", "Changed"), List.of()), new UserPatch("missing", Map.of("name", "x"), List.of()))));
    assertEquals("N", users.get("q1").name().orElseThrow(), "the first entry was not written either");
    InvalidInputException bad = assertThrows(InvalidInputException.class, () -> users.patch(List.of(
        new UserPatch("q1", Map.of("teamsRole", Map.of("green", "admin")), List.of()))));
    assertTrue(bad.getMessage().contains("not one of the user's teams"));
    assertThrows(InvalidInputException.class, () -> users.patch(List.of(new UserPatch("q1", Map.of("password", "x"), List.of()))));
    assertThrows(InvalidInputException.class, () -> users.patch(List.of(new UserPatch("q1", Map.of("name", "x"), List.of("name")))));
  }
}
