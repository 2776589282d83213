package dev.gatehouse.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs the decision tables in {@code src/test/resources/decision-tables}: each JSON row is one
 * case with a description, its inputs and the expected outcome. Every permission bug found adds a
 * row.
 */
class DecisionTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> permissionLists() {
    return rows("permission-lists.json", row -> {
      String field = row.path("field").asText("defaultAccesses");
      List<String> list = strings(row.get("list"));
      boolean allowEmpty = row.path("allowEmpty").asBoolean(false);
      if (row.has("error")) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> parseList(list, field, allowEmpty));
        assertMessageContains(row.get("error").asText(), e);
        assertEquals(field, e.field());
      } else {
        assertEquals(matrix(row.get("expect")), parseList(list, field, allowEmpty).matrix());
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> roomAccesses() {
    return rows("room-accesses.json", row -> {
      RoomAccesses accesses = accesses(row);
      RoomAccesses.Resolution resolution =
          accesses.resolve(row.get("userId").asText(), Set.copyOf(strings(row.get("groupIds"))));
      assertEquals(matrix(row.get("expect")), resolution.matrix());
      assertEquals(RoomAccesses.Level.valueOf(row.get("level").asText()), resolution.deciding());
    });
  }

  @TestFactory
  Stream<DynamicTest> accessTokens() {
    return rows("access-tokens.json", row -> {
      Map<String, List<String>> raw = stringLists(row.get("permissions"));
      if (row.has("error")) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> AccessTokenPermissions.parse(raw, "permissions"));
        assertMessageContains(row.get("error").asText(), e);
        return;
      }
      Optional<AccessTokenPermissions.Resolution> resolution =
          AccessTokenPermissions.parse(raw, "permissions").resolve(row.get("roomId").asText());
      JsonNode expect = row.get("expect");
      if (expect.isTextual()) {
        assertEquals("none", expect.asText());
        assertTrue(resolution.isEmpty(), "no pattern should match");
      } else {
        assertTrue(resolution.isPresent(), "a pattern should match");
        assertEquals(matrix(expect), resolution.get().matrix());
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> decisions() {
    return rows("decisions.json", row -> {
      Decision decision = AccessPolicy.decide(
          principal(row.get("principal")),
          Action.valueOf(row.get("action").asText()),
          target(row.get("room")),
          mode(row));
      JsonNode expect = row.get("expect");
      assertEquals(expect.get("allowed").asBoolean(), decision.allowed(), decision::toString);
      if (expect.has("rule")) {
        assertEquals(Decision.Rule.valueOf(expect.get("rule").asText()), decision.rule(), decision::reason);
      }
      if (expect.has("access")) {
        assertEquals(matrix(expect.get("access")), decision.access());
      }
      if (!decision.allowed()) {
        assertEquals(AccessMatrix.NONE, decision.access(), "a denial carries no access");
      }
      if (expect.has("reasonContains")) {
        String needle = expect.get("reasonContains").asText();
        assertTrue(decision.reason().contains(needle), () -> "reason '" + decision.reason() + "' lacks '" + needle + "'");
      }
      if (expect.has("reasonExcludes")) {
        assertFalse(decision.reason().contains(expect.get("reasonExcludes").asText()), decision::reason);
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> userVisibility() {
    return rows("user-visibility.json", row -> {
      Set<TenantId> userTeams = new LinkedHashSet<>();
      strings(row.get("userTeams")).forEach(t -> userTeams.add(new TenantId(t)));
      assertEquals(
          row.get("visible").asBoolean(),
          AccessPolicy.canSeeUser(principal(row.get("principal")), userTeams, mode(row)));
    });
  }

  // --- row readers -------------------------------------------------------------------------

  private interface RowCheck {
    void check(JsonNode row) throws Throwable;
  }

  private static Stream<DynamicTest> rows(String file, RowCheck check) {
    JsonNode table;
    try (InputStream in = DecisionTableTest.class.getResourceAsStream("/decision-tables/" + file)) {
      table = JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(file, e);
    }
    return StreamSupport.stream(table.spliterator(), false)
        .map(row -> dynamicTest(file + ": " + row.get("description").asText(), (Executable) () -> check.check(row)));
  }

  private static PermissionList parseList(List<String> list, String field, boolean allowEmpty) {
    return allowEmpty ? PermissionList.parse(list, field) : PermissionList.parseNonEmpty(list, field);
  }

  private static void assertMessageContains(String expected, InvalidInputException e) {
    assertTrue(e.getMessage().contains(expected),
        () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    assertFalse(e.suggestion().isBlank(), "every error carries a suggestion");
  }

  static AccessMatrix matrix(JsonNode node) {
    AccessLevel all = level(node.path("all").asText("none"));
    Map<Resource, AccessLevel> levels = new LinkedHashMap<>();
    for (Resource r : Resource.values()) {
      levels.put(r, node.has(r.wireName()) ? level(node.get(r.wireName()).asText()) : all);
    }
    return AccessMatrix.of(
        levels.get(Resource.ROOM), levels.get(Resource.STORAGE), levels.get(Resource.COMMENTS),
        levels.get(Resource.COMMENTS_PUBLIC), levels.get(Resource.COMMENTS_PRIVATE), levels.get(Resource.FEEDS));
  }

  private static AccessLevel level(String wire) {
    return AccessLevel.valueOf(wire.toUpperCase());
  }

  private static MultiTenantMode mode(JsonNode row) {
    return MultiTenantMode.valueOf(row.path("mode").asText("off").toUpperCase());
  }

  private static Principal principal(JsonNode p) {
    String userId = p.path("userId").asText("u");
    Optional<TenantId> tenant = p.has("tenant") ? Optional.of(new TenantId(p.get("tenant").asText())) : Optional.empty();
    Principal principal = "acc".equals(p.path("kind").asText("id"))
        ? Principal.ofAccessToken(userId, AccessTokenPermissions.parse(stringLists(p.get("permissions")), "permissions"), tenant)
        : Principal.ofIdToken(userId, Set.copyOf(strings(p.get("groupIds"))), tenant);
    Set<TenantId> teams = new LinkedHashSet<>();
    strings(p.get("teams")).forEach(t -> teams.add(new TenantId(t)));
    Map<TenantId, Role> teamRoles = new LinkedHashMap<>();
    p.path("teamRoles").properties().forEach(e -> teamRoles.put(new TenantId(e.getKey()), Role.parse(e.getValue().asText(), "teamRoles")));
    return principal.withMembership(new Membership(teams, Role.parse(p.path("role").asText("user"), "role"), teamRoles));
  }

  private static RoomTarget target(JsonNode r) {
    String id = r.path("id").asText("room-1");
    TenantId tenant = new TenantId(r.path("tenant").asText("default"));
    if (!r.path("exists").asBoolean(true)) {
      return RoomTarget.missing(id, tenant);
    }
    Optional<String> createdBy = r.has("createdBy") ? Optional.of(r.get("createdBy").asText()) : Optional.empty();
    return RoomTarget.of(new RoomFacts(id, tenant, accesses(r), createdBy));
  }

  private static RoomAccesses accesses(JsonNode node) {
    return RoomAccesses.parse(
        strings(node.get("defaultAccesses")),
        stringLists(node.get("groupsAccesses")),
        stringLists(node.get("usersAccesses")));
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static Map<String, List<String>> stringLists(JsonNode node) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node != null) {
      node.properties().forEach(e -> out.put(e.getKey(), strings(e.getValue())));
    }
    return out;
  }
}
