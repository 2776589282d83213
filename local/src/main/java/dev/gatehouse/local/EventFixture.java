package dev.gatehouse.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.tokens.AuthorizeUser;
import dev.gatehouse.service.tokens.IdentifyUser;
import dev.gatehouse.service.users.UserInput;
import dev.gatehouse.store.Room;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data every file in {@code events/} is written against, shared by the events test and the
 * cold-start benchmark: room {@code demo-room} of tenant {@code acme} (alice may write), user
 * {@code alice@example.com} of team {@code acme}, and fresh tokens for the events that carry one.
 */
public final class EventFixture {
  /** Where a committed event file wants a token from identify-user or authorize-user. */
  public static final String TOKEN_PLACEHOLDER = "PASTE_A_TOKEN_FROM_IDENTIFY_USER";

  private EventFixture() {}

  public static void seed(Gatehouse gatehouse) {
    gatehouse.users().service().upsert(List.of(new UserInput("alice@example.com", "Alice", null, List.of("acme"), null, null)));
    gatehouse.store().rooms().create(Room.create(
        "demo-room",
        new TenantId("acme"),
        Instant.parse("2026-11-01T09:00:00.000Z"),
        Map.of("color", "blue"),
        RoomAccesses.parse(List.of("*:read"), Map.of(), Map.of("alice@example.com", List.of("*:write"))),
        Optional.empty()));
  }

  /**
   * A token as identify-user ({@code "kind": "id"}) or authorize-user ({@code "kind": "acc"})
   * would mint it; {@code spec} also names the {@code userId}, and optionally the {@code
   * organizationId} and the access token's {@code permissions}.
   */
  public static String mint(Gatehouse gatehouse, JsonNode spec) {
    String user = spec.get("userId").asText();
    Optional<String> tenant = Optional.ofNullable(spec.path("organizationId").asText(null));
    if (spec.get("kind").asText().equals("acc")) {
      Map<String, List<String>> permissions = new LinkedHashMap<>();
      spec.get("permissions").properties().forEach(e -> {
        List<String> list = new ArrayList<>();
        e.getValue().forEach(p -> list.add(p.asText()));
        permissions.put(e.getKey(), list);
      });
      return gatehouse.access().tokens().authorizeUser(new AuthorizeUser(user, permissions, tenant, Map.of(), 0)).token();
    }
    return gatehouse.access().tokens().identifyUser(new IdentifyUser(user, List.of(), tenant, Map.of(), 0)).token();
  }
}
