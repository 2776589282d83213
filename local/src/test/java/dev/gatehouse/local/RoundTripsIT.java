package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testing.FaultInjector;
import dev.gatehouse.testing.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a connection check costs on DynamoDB (moto): every request the SDK sends, counted by an
 * interceptor on the very client the handlers use. A check with its cutoffs, membership and room
 * is one BatchGetItem; only a token naming no organization in multi-tenant mode, entering a room
 * of an organization, costs a second one.
 */
class RoundTripsIT {
  private static final String KEY = "sk_round_trips_it_0123456789abcdef";

  private static List<String> calls(FaultInjector counter, Runnable call) {
    counter.resetCounts();
    call.run();
    return counter.log();
  }

  private static void allowed(Api api, String token, String roomId) {
    Api.Reply reply = api.server("POST", "/v2/authorize-connection", Map.of("token", token, "roomId", roomId));
    assertEquals(200, reply.status(), reply.toString());
  }

  private static String accessToken(Api api, String userId, String tenant) {
    var body = new java.util.HashMap<String, Object>(Map.of("userId", userId, "permissions", Map.of("rt:*", List.of("room:write"))));
    if (tenant != null) {
      body.put("organizationId", tenant);
    }
    return api.server("POST", "/v2/authorize-user", body).body().get("token").asText();
  }

  private interface Scenario {
    void run(Api api, FaultInjector counter) throws Exception;
  }

  /**
   * A local server on a fresh moto whose every DynamoDB request {@code counter} counts, but those
   * of the local webhook dispatcher, which polls the change log in the background: not a request's cost.
   */
  private static void onMoto(Scenario scenario) throws Exception {
    FaultInjector counter = new FaultInjector().ignoringThreads("gatehouse-webhook-deliveries");
    try (MotoServer engine = MotoServer.start();
        DynamoDbClient counted = FaultInjectionIT.faultyClient(engine.endpoint(), counter)) {
      dev.gatehouse.store.dynamodb.GatehouseTable.createIfMissing(engine.dynamoDb(), "gatehouse");
      try (LocalGatehouse local = LocalGatehouse.onStore(Repo.template(), counted, KEY);
          LocalServer server = LocalServer.start(local, "127.0.0.1", 0)) {
        scenario.run(new Api(server.baseUri(), KEY), counter);
      }
    }
  }

  @Test
  void aConnectionCheckIsOneBatchGetItem() throws Exception {
    onMoto((api, counter) -> {
        api.server("POST", "/v2/rooms", Map.of("id", "rt:default", "defaultAccesses", List.of("room:write")));
        api.server("POST", "/v2/rooms", Map.of("id", "rt:acme", "organizationId", "acme", "defaultAccesses", List.of("room:write")));
        api.server("POST", "/v2/users", Map.of("users", List.of(Map.of("id", "ann", "teams", List.of("acme")))));
        String idDefault = api.idToken("ann", null);
        String idAcme = api.idToken("ann", "acme");
        String accessDefault = accessToken(api, "ann", null);
        String accessAcme = accessToken(api, "ann", "acme");
        allowed(api, idDefault, "rt:default"); // warms the container: the settings are now seen

        List<String> one = List.of("BatchGetItem");
        assertEquals(one, calls(counter, () -> allowed(api, idDefault, "rt:default")), "ID token, no organization, mode off");
        assertEquals(one, calls(counter, () -> allowed(api, idAcme, "rt:acme")), "ID token naming its organization");
        assertEquals(one, calls(counter, () -> allowed(api, accessDefault, "rt:default")), "access token, no organization");
        assertEquals(one, calls(counter, () -> allowed(api, accessAcme, "rt:acme")), "access token naming its organization");

        api.server("POST", "/v2/users/ann/revoke-tokens", null);
        assertEquals(one, calls(counter, () -> assertEquals("TOKEN_REVOKED",
            api.server("POST", "/v2/authorize-connection", Map.of("token", idAcme, "roomId", "rt:acme")).error())),
            "a revoked token: the same one read");

        assertEquals(200, api.server("POST", "/v2/settings", Map.of("multiTenantEnabled", true)).status());
        String idAcmeNow = api.idToken("ann", "acme");
        String idNoneNow = api.idToken("ann", null);
        String accessAcmeNow = accessToken(api, "ann", "acme");
        allowed(api, idAcmeNow, "rt:acme");
        assertEquals(one, calls(counter, () -> allowed(api, idAcmeNow, "rt:acme")), "mode on, ID token naming its organization");
        assertEquals(one, calls(counter, () -> allowed(api, accessAcmeNow, "rt:acme")), "mode on, access token naming it");
        assertEquals(List.of("BatchGetItem", "BatchGetItem"), calls(counter, () -> allowed(api, idNoneNow, "rt:acme")),
            "mode on, a token naming no organization: the room is read where its id item says");
    });
  }

  /**
   * Stored groups cost one Query, only for a room whose entries name a group the token lacks; a
   * bulk check of 100 rooms is two BatchGetItems (the caller's facts, the rooms) and that Query;
   * explain reads as the check does; a rename is the room's two GetItems and one transaction.
   */
  @Test
  void groupsBulkChecksExplainAndRenamesCostWhatTheDocsSay() throws Exception {
    onMoto((api, counter) -> {
        api.server("POST", "/v2/rooms", Map.of("id", "rt:plain", "organizationId", "acme", "defaultAccesses", List.of("room:write")));
        api.server("POST", "/v2/rooms", Map.of("id", "rt:grouped", "organizationId", "acme", "defaultAccesses", List.of(),
            "groupsAccesses", Map.of("editors", List.of("room:write"))));
        assertEquals(200, api.server("POST", "/v2/groups", Map.of("groupId", "editors", "memberIds", List.of("ann"),
            "organizationId", "acme")).status());
        String plainToken = api.idToken("ann", "acme");
        String carrying = api.server("POST", "/v2/identify-user", Map.of("userId", "ann", "organizationId", "acme",
            "groupIds", List.of("editors"))).body().get("token").asText();
        allowed(api, plainToken, "rt:plain"); // warms the container

        assertEquals(List.of("BatchGetItem"), calls(counter, () -> allowed(api, plainToken, "rt:plain")), "no group entries");
        assertEquals(List.of("BatchGetItem", "Query"), calls(counter, () -> allowed(api, plainToken, "rt:grouped")),
            "a group entry the token lacks: the stored groups, one Query");
        assertEquals(List.of("BatchGetItem"), calls(counter, () -> allowed(api, carrying, "rt:grouped")),
            "the token carries every group the room names: nothing more read");

        List<String> hundred = new java.util.ArrayList<>(List.of("rt:plain", "rt:grouped"));
        for (int i = hundred.size(); i < 100; i++) {
          hundred.add("rt:missing-" + i);
        }
        assertEquals(List.of("BatchGetItem", "BatchGetItem", "Query"), calls(counter, () -> {
          Api.Reply bulk = api.server("POST", "/v2/authorize-connections", Map.of("token", plainToken, "roomIds", hundred));
          assertEquals(200, bulk.status(), bulk.toString());
          assertEquals(100, bulk.body().get("data").size());
        }), "a bulk check of 100 rooms");

        assertEquals(List.of("BatchGetItem", "Query"), calls(counter, () -> assertEquals(200, api.server("POST", "/v2/explain",
            Map.of("userId", "ann", "organizationId", "acme", "roomId", "rt:grouped")).status())), "explain, a room with group entries");
        assertEquals(List.of("BatchGetItem"), calls(counter, () -> assertEquals(200, api.server("POST", "/v2/explain",
            Map.of("userId", "ann", "organizationId", "acme", "roomId", "rt:plain")).status())), "explain, a room without");

        assertEquals(List.of("GetItem", "GetItem", "TransactWriteItems"), calls(counter, () -> assertEquals(200,
            api.server("POST", "/v2/rooms/rt:plain/update-room-id", Map.of("newRoomId", "rt:renamed")).status())), "a rename");
    });
  }
}
