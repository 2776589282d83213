package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.SecretKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change feed and the audit trail over HTTP: every change a write makes is in both, in the
 * same order, with who made it; each tenant sees only its own; bad input is a 4xx.
 */
class ChangesIT {
  private static final String KEY = "sk_changes_it_0123456789abcdef";

  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);

  private static Api api() {
    return served.api();
  }

  private static String cursor() {
    String cursor = "0";
    for (Api.Reply page = api().server("GET", "/v2/changes?limit=100", null); ; ) {
      cursor = page.body().path("nextCursor").asText();
      if (page.body().path("data").size() < 100) {
        return cursor;
      }
      page = api().server("GET", "/v2/changes?limit=100&since=" + cursor, null);
    }
  }

  private static List<String> types(JsonNode data) {
    List<String> types = new ArrayList<>();
    data.forEach(c -> types.add(c.path("type").asText()));
    return types;
  }

  @Test
  void theFeedAndTheAuditTrailShowTheSameChangesInOrder() {
    String from = cursor();
    assertEquals(200, api().server("POST", "/v2/rooms", Map.of("id", "feed:doc", "organizationId", "feed-acme",
        "defaultAccesses", List.of(), "usersAccesses", Map.of("ann", List.of("room:write")))).status());
    assertEquals(200, api().server("POST", "/v2/rooms/feed:doc", Map.of("usersAccesses", Map.of("bob", List.of("room:read")))).status());
    assertEquals(200, api().server("POST", "/v2/rooms/feed:doc", Map.of("metadata", Map.of("color", "blue"))).status());
    assertEquals(204, api().server("DELETE", "/v2/rooms/feed:doc", null).status());

    Api.Reply feed = api().server("GET", "/v2/changes?organizationId=feed-acme&since=" + from, null);
    assertEquals(200, feed.status(), feed.toString());
    assertEquals(List.of("roomCreated", "roomAccessesChanged", "roomDeleted"), types(feed.body().path("data")),
        "a metadata change cannot alter a decision: not in the feed");
    JsonNode changed = feed.body().path("data").get(1);
    assertEquals("feed:doc", changed.path("data").path("roomId").asText());
    assertEquals(List.of("room:write"), strings(changed.path("data").path("before").path("usersAccesses").path("ann")));
    assertEquals(List.of("room:read"), strings(changed.path("data").path("after").path("usersAccesses").path("bob")));
    assertEquals(2, changed.path("data").path("version").asInt());

    Api.Reply audit = api().server("GET", "/v2/audit?organizationId=feed-acme", null);
    assertEquals(200, audit.status(), audit.toString());
    assertEquals(List.of("roomDeleted", "roomMetadataUpdated", "roomAccessesChanged", "roomCreated"), types(audit.body().path("data")),
        "every write, newest first");
    JsonNode entry = audit.body().path("data").get(2);
    assertEquals(changed.path("id").asText(), entry.path("id").asText(), "the feed's change and the audit's entry are one record");
    assertEquals("secretKey", entry.path("actor").path("kind").asText());
    assertEquals(SecretKeys.idOf(KEY), entry.path("actor").path("id").asText(), "the key by its id");
    assertEquals("POST /v2/rooms/{roomId}", entry.path("actor").path("via").asText());
    assertEquals("room", entry.path("target").path("kind").asText());
    assertFalse(audit.body().toString().contains(KEY), "never the key itself");
  }

  @Test
  void theFeedResumesFromItsCursorAndRevocationsAreIn() {
    String from = cursor();
    assertEquals(200, api().server("POST", "/v2/users/feed-zoe/revoke-tokens", null).status());
    assertEquals(200, api().server("POST", "/v2/users/feed-zoe/deactivate", null).status());
    assertEquals(200, api().server("POST", "/v2/organizations/feed-initech/revoke-tokens", null).status());
    Api.Reply first = api().server("GET", "/v2/changes?limit=2&since=" + from, null);
    assertEquals(List.of("userTokensRevoked", "userDeactivated"), types(first.body().path("data")));
    Api.Reply rest = api().server("GET", "/v2/changes?since=" + first.body().path("nextCursor").asText(), null);
    assertEquals(List.of("organizationTokensRevoked"), types(rest.body().path("data")));
    Api.Reply none = api().server("GET", "/v2/changes?since=" + rest.body().path("nextCursor").asText(), null);
    assertEquals(0, none.body().path("data").size());
    assertEquals(rest.body().path("nextCursor").asText(), none.body().path("nextCursor").asText(), "an empty page keeps the cursor");
  }

  @Test
  void aClientsWriteIsTheUsersAndATenantsTrailIsItsOwn() {
    String token = api().idToken("cleo", "feed-umbrella");
    Api.Reply created = api().as(token, "POST", "/v2/c/rooms", Map.of("id", "feed-umbrella:mine"));
    assertEquals(200, created.status(), created.toString());
    api().server("POST", "/v2/rooms", Map.of("id", "feed-other:theirs", "organizationId", "feed-other", "defaultAccesses", List.of()));
    JsonNode trail = api().server("GET", "/v2/audit?organizationId=feed-umbrella", null).body().path("data");
    assertEquals(1, trail.size(), trail.toString());
    assertEquals("user", trail.get(0).path("actor").path("kind").asText());
    assertEquals("cleo", trail.get(0).path("actor").path("id").asText());
    assertEquals("POST /v2/c/rooms", trail.get(0).path("actor").path("via").asText());
    JsonNode filtered = api().server("GET", "/v2/audit?roomId=feed-other:theirs", null).body().path("data");
    assertEquals(List.of("roomCreated"), types(filtered));
    assertTrue(api().server("GET", "/v2/audit?organizationId=feed-umbrella&roomId=feed-other:theirs", null).body().path("data").isEmpty(),
        "another tenant's room is never in this tenant's trail");
  }

  @Test
  void badInputIsAClear4xx() {
    assertEquals("INVALID_CURSOR", api().server("GET", "/v2/changes?since=abc", null).error());
    assertEquals("INVALID_CURSOR", api().server("GET", "/v2/changes?since=-1", null).error());
    assertEquals("INVALID_LIMIT", api().server("GET", "/v2/changes?limit=0", null).error());
    assertEquals("INVALID_LIMIT", api().server("GET", "/v2/audit?limit=101", null).error());
    assertEquals("INVALID_TENANT", api().server("GET", "/v2/changes?organizationId=" + "t".repeat(300), null).error());
    assertEquals("INVALID_QUERY", api().server("GET", "/v2/audit?since=yesterday", null).error());
    assertEquals("INVALID_CURSOR", api().server("GET", "/v2/audit?startingAfter=x", null).error());
    int status = api().as("sk_not_this_one_0123456789", "GET", "/v2/changes", null).status();
    assertTrue(status == 401 || status == 403, "status " + status);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
