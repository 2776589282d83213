package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The security issue's item 6 with multi-tenant mode off (the default): a token scoped to one
 * organization lists only that organization's users, each with only that organization's team.
 */
class UserScopeModeOffIT {
  private static final String KEY = "sk_user_scope_mode_off_it_0123456789";
  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);

  @BeforeAll
  static void start() throws Exception {
    assertEquals(200, served.api().server("POST", "/v2/users", Map.of("users", List.of(
        Map.of("id", "ann", "teams", List.of("acme")),
        Map.of("id", "bo", "teams", List.of("acme", "globex")),
        Map.of("id", "cy", "teams", List.of("globex"))))).status());
  }


  @Test
  void aTokenOfOneOrganizationListsOnlyItsUsers() {
    Api.Reply reply = served.api().as(served.api().idToken("ann", "acme"), "POST", "/v2/c/users/query", Map.of("limit", 100));
    assertEquals(200, reply.status(), reply.toString());
    assertEquals(new TreeSet<>(List.of("ann", "bo")), new TreeSet<>(reply.ids()), reply.toString());
    reply.body().path("data").forEach(u -> assertEquals("[\"acme\"]", u.path("teams").toString(), reply.toString()));
  }
}
