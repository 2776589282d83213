package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.runtime.MapHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.service.tokens.AuthorizeUser;
import dev.gatehouse.service.tokens.IdentifyUser;
import dev.gatehouse.access.ConnectionCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A realtime server gets the same decision whichever way it asks: the embedded library
 * ({@code ConnectionCheck}), the {@code authorize-connection} endpoint, or the Lambda authorizer
 * in both of its response formats. Checked over a grid of tokens and rooms.
 */
class SameDecisionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @SuppressWarnings("unchecked")
  void libraryEndpointAndAuthorizerAgree() throws Exception {
    String key = "sk_same_decision_it_0123456789";
    try (LocalGatehouse local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(key), List.of());
         LocalServer server = LocalServer.start(local, "127.0.0.1", 0)) {
      var rooms = local.gatehouse().rooms().service();
      rooms.create(new dev.gatehouse.service.rooms.NewRoom("a:open", List.of("*:read"), Map.of(), Map.of(), Map.of(), Optional.of("a")), false);
      rooms.create(new dev.gatehouse.service.rooms.NewRoom("a:team", List.of(), Map.of("eng", List.of("*:write", "storage:read")),
          Map.of("u1", List.of("*:read", "comments:none")), Map.of(), Optional.of("a")), false);
      rooms.create(new dev.gatehouse.service.rooms.NewRoom("b:open", List.of("*:write"), Map.of(), Map.of(), Map.of(), Optional.of("b")), false);
      rooms.create(new dev.gatehouse.service.rooms.NewRoom("plain", List.of("*:write"), Map.of(), Map.of(), Map.of(), Optional.empty()), false);

      var tokens = local.gatehouse().access().tokens();
      List<String> issued = new ArrayList<>();
      for (String user : List.of("u1", "u2")) {
        for (List<String> groups : List.of(List.<String>of(), List.of("eng"))) {
          for (Optional<String> tenant : List.of(Optional.<String>empty(), Optional.of("a"), Optional.of("b"))) {
            issued.add(tokens.identifyUser(new IdentifyUser(user, groups, tenant, Map.of(), 0)).token());
          }
        }
      }
      issued.add(tokens.authorizeUser(new AuthorizeUser("u3", Map.of("a:*", List.of("*:read"), "a:team", List.of("*:write", "feeds:none")),
          Optional.of("a"), Map.of(), 0)).token());
      issued.add(tokens.authorizeUser(new AuthorizeUser("u4", Map.of("*", List.of("*:write")), Optional.empty(), Map.of(), 0)).token());

      var authorizer = (MapHandler) local.handler("ConnectAuthorizerFunction");
      HttpClient http = HttpClient.newHttpClient();
      int allowed = 0;
      for (String token : issued) {
        for (String room : List.of("a:open", "a:team", "b:open", "plain", "a:missing")) {
          ConnectionCheck.Result library = local.gatehouse().access().connectionCheck().check(token, room);
          String expectedMatrix = JSON.writeValueAsString(library.decision().access().toWire());
          allowed += library.decision().allowed() ? 1 : 0;

          HttpResponse<String> endpoint = http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v2/authorize-connection"))
              .header("Authorization", "Bearer " + key)
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("token", token, "roomId", room)))).build(),
              HttpResponse.BodyHandlers.ofString());
          String what = room + " / " + library.decision();
          assertEquals(library.decision().allowed() ? 200 : 403, endpoint.statusCode(), what);
          if (library.decision().allowed()) {
            assertEquals(JSON.readTree(expectedMatrix), JSON.readTree(endpoint.body()).get("permissions"), what);
          }

          Map<String, Object> simple = authorizer.handle(Map.of("version", "2.0", "type", "REQUEST",
              "headers", Map.of("authorization", "Bearer " + token), "queryStringParameters", Map.of("roomId", room)),
              new LocalContext("r", "ConnectAuthorizerFunction"));
          assertEquals(library.decision().allowed(), simple.get("isAuthorized"), what);
          Map<String, Object> policy = authorizer.handle(Map.of("type", "REQUEST", "methodArn", "arn:aws:execute-api:x:1:api/live/$connect",
              "queryStringParameters", Map.of("token", token, "roomId", room)), new LocalContext("r", "ConnectAuthorizerFunction"));
          Map<String, Object> statement = ((List<Map<String, Object>>) ((Map<String, Object>) policy.get("policyDocument")).get("Statement")).getFirst();
          assertEquals(library.decision().allowed() ? "Allow" : "Deny", statement.get("Effect"), what);
          if (library.decision().allowed()) {
            JsonNode context = JSON.valueToTree(policy.get("context"));
            assertEquals(JSON.readTree(expectedMatrix), JSON.readTree(context.get("permissions").asText()), what);
          }
        }
      }
      // The grid must exercise both outcomes, or it proves nothing.
      assertEquals(true, allowed > 5 && allowed < issued.size() * 5 - 5, "allowed " + allowed + " of " + issued.size() * 5);
    }
  }
}
