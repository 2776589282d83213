package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.service.rooms.NewRoom;
import dev.gatehouse.service.users.UserInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13: a client query reads only what the caller may reach, so its pages and cursors never
 * depend on, or carry, another tenant's rooms and users. Another tenant holds more than a
 * query's read bound (10 batches of candidates) here, which is where a cut-short page used to put
 * the position of a room or user of that tenant into its cursor.
 */
class ClientQueryReachIT {
  private static final String KEY = "sk_client_query_reach_it_0123456789";
  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);
  private static final int MANY = 240;

  @BeforeAll
  static void start() {
    var gatehouse = served.local().gatehouse();
    List<UserInput> users = new ArrayList<>();
    users.add(new UserInput("zz-ann", null, null, List.of("alpha"), Map.of(), Map.of()));
    users.add(new UserInput("zz-nomad", null, null, List.of(), Map.of(), Map.of()));
    for (int i = 0; i < MANY; i++) {
      users.add(new UserInput(String.format("beta-%03d", i), null, null, List.of("beta"), Map.of(), Map.of()));
    }
    for (int from = 0; from < users.size(); from += 100) {
      assertTrue(gatehouse.users().service().upsert(users.subList(from, Math.min(users.size(), from + 100))).notWritten().isEmpty());
    }
    for (int i = 0; i < MANY; i++) {
      gatehouse.rooms().service().create(new NewRoom(String.format("beta-room-%03d", i), List.of("*:read"), Map.of(), Map.of(), Map.of(),
          Optional.of("beta")), false);
    }
  }

  private static void mode(boolean multiTenant) {
    assertEquals(200, served.api().server("POST", "/v2/settings", Map.of("multiTenantEnabled", multiTenant)).status());
  }

  /** Every page of a query, and the ids its cursors name. */
  private static List<String> cursorIds(String token, String path, Map<String, Object> query, List<String> ids) {
    List<String> named = new ArrayList<>();
    Map<String, Object> body = new LinkedHashMap<>(query);
    for (int page = 0; page < 5; page++) {
      Api.Reply reply = served.api().as(token, "POST", path, body);
      assertEquals(200, reply.status(), reply.toString());
      ids.addAll(reply.ids());
      JsonNode next = reply.body().get("nextCursor");
      if (next == null || next.isNull()) {
        break;
      }
      String position = new String(Base64.getUrlDecoder().decode(next.asText()), StandardCharsets.UTF_8);
      named.add(position.substring(position.lastIndexOf('|') + 1));
      body.put("startingAfter", next.asText());
    }
    return named;
  }

  @Test
  void aUserQueryNamingAnotherTeamPagesOnlyThroughTheCallersTeams() {
    mode(true);
    String ann = served.api().idToken("zz-ann", null);
    for (Object teams : List.of(Map.of("$in", List.of("alpha", "beta")), Map.of(), Map.of("$ne", "gamma"))) {
      List<String> ids = new ArrayList<>();
      List<String> cursors = cursorIds(ann, "/v2/c/users/query",
          Map.of("filter", Map.of("teams", teams), "limit", 1, "sort", List.of(Map.of("field", "id", "direction", 1))), ids);
      assertEquals(List.of("zz-ann"), ids, "teams " + teams);
      assertEquals(List.of(), cursors, "no further page, and no cursor at a user of beta, for teams " + teams);
    }
  }

  @Test
  void aRoomQueryOfATokenForATeamTheUserIsNotInReadsNothing() {
    mode(true);
    // A user without teams may be given a token for any tenant; its own reach is then empty.
    String nomad = served.api().idToken("zz-nomad", "alpha");
    for (Map<String, Object> filter : List.of(Map.<String, Object>of(), Map.<String, Object>of("metadata.kind", "doc"))) {
      List<String> ids = new ArrayList<>();
      List<String> cursors = cursorIds(nomad, "/v2/c/rooms/query", Map.of("filter", filter, "limit", 1), ids);
      assertEquals(List.of(), ids);
      assertEquals(List.of(), cursors, "no cursor at a room of beta");
    }
    List<String> users = new ArrayList<>();
    assertEquals(List.of(), cursorIds(nomad, "/v2/c/users/query", Map.of("limit", 1), users), "no cursor at a user of beta");
    assertEquals(List.of(), users);
  }

  @Test
  void withMultiTenantModeOffAnOrganizationsUserQueryPagesOnlyThroughIt() {
    mode(false);
    try {
      String ann = served.api().idToken("zz-ann", "alpha");
      for (Map<String, Object> filter : List.of(Map.<String, Object>of(), Map.<String, Object>of("teams", Map.of("$in", List.of("beta", "alpha"))))) {
        List<String> ids = new ArrayList<>();
        List<String> cursors = cursorIds(ann, "/v2/c/users/query",
            Map.of("filter", filter, "limit", 1, "sort", List.of(Map.of("field", "id", "direction", 1))), ids);
        assertEquals(List.of("zz-ann"), ids, "filter " + filter);
        assertEquals(List.of(), cursors, "no cursor at a user of beta, for " + filter);
      }
    } finally {
      mode(true);
    }
  }
}
