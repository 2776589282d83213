package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.parseOrRefuse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.query.QueryRequests;
import dev.gatehouse.api.rooms.RoomRequests;
import dev.gatehouse.api.tokens.TokenRequests;
import dev.gatehouse.api.users.UserRequests;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Every JSON request body decoder, on any text: a decoded request, or a 400 ({@code INVALID_JSON},
 * {@code INVALID_BODY}, {@code INVALID_FILTER}) or 422. The values' own rules (ids, metadata,
 * permissions) are the services', exercised by {@link HandlerFuzzTest}.
 */
class RequestBodyFuzzTest {
  private static final String[] NAMES = {
    "room.create", "room.clientCreate", "room.update", "room.upsert", "users.upsert", "users.patch",
    "identify", "authorize", "connection", "query.rooms", "query.users", "json.object",
  };

  @FuzzTest
  void body(byte[] input) {
    if (input.length == 0) {
      return;
    }
    // The first byte picks the decoder, the rest is the body (so that a seed is readable text).
    String decoder = NAMES[(input[0] & 0xff) % NAMES.length];
    String body = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    Function<String, Object> decode = switch (decoder) {
      case "room.create" -> RoomRequests::create;
      case "room.clientCreate" -> RoomRequests::clientCreate;
      case "room.update" -> RoomRequests::update;
      case "room.upsert" -> b -> RoomRequests.upsert(b, "room-1");
      case "users.upsert" -> UserRequests::upsert;
      case "users.patch" -> UserRequests::patch;
      case "identify" -> TokenRequests::identify;
      case "authorize" -> TokenRequests::authorize;
      case "connection" -> TokenRequests::connection;
      case "query.rooms" -> QueryRequests::rooms;
      case "query.users" -> QueryRequests::users;
      default -> Json::parseObject;
    };
    parseOrRefuse(() -> decode.apply(body), InvalidRequestException.class, InvalidInputException.class);
  }
}
