package dev.gatehouse.api.tokens;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.access.ConnectionCheck;
import dev.gatehouse.tokens.IssuedToken;
import dev.gatehouse.tokens.SigningAlgorithm;

/** Token responses. */
public final class TokenJson {
  private TokenJson() {}

  /** {@code {"token": "…"}}, as the Liveblocks SDKs expect. */
  public static ObjectNode token(IssuedToken token) {
    ObjectNode json = Json.object();
    json.put("token", token.token());
    return json;
  }

  /** Where the discovery document says the public keys are: the JWKS route, under the issuer. */
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  /**
   * The OpenID Connect discovery document ({@code /.well-known/openid-configuration}): what a
   * generic verifier, such as API Gateway's JWT authorizer, reads to find the keys of an issuer.
   * Gatehouse is no OpenID provider (no authorization endpoint): the document only names the
   * issuer, the keys, and what the ID tokens look like.
   */
  public static ObjectNode openIdConfiguration(String issuer) {
    ObjectNode json = Json.object();
    json.put("issuer", issuer);
    json.put("jwks_uri", issuer + JWKS_PATH);
    json.putArray("response_types_supported").add("id_token");
    json.putArray("subject_types_supported").add("public");
    json.putArray("id_token_signing_alg_values_supported")
        .add(SigningAlgorithm.RS256.joseName()).add(SigningAlgorithm.ES256.joseName());
    return json;
  }

  /**
   * {@code {"userId", "organizationId", "groupIds", "tokenKind", "permissions": {"room", "storage",
   * "comments", "comments:public", "comments:private", "feeds"}}}: who may enter, and with what.
   */
  public static ObjectNode connection(ConnectionCheck.Result result) {
    ObjectNode json = Json.object();
    json.put("userId", result.token().userId());
    json.put("organizationId", result.tenant().value());
    ArrayNode groups = json.putArray("groupIds");
    result.token().groupIds().forEach(groups::add);
    json.put("tokenKind", result.token().kind().claim());
    ObjectNode permissions = json.putObject("permissions");
    result.decision().access().toWire().forEach(permissions::put);
    return json;
  }

  /**
   * {@code {"data": [{"roomId", "allowed", "permissions"?, "error"?}]}}, in the order asked: an
   * allowed room with its access matrix; a refused one with the error {@code authorize-connection}
   * would have answered, in the Liveblocks error shape.
   */
  public static ObjectNode connections(java.util.List<ConnectionCheck.Outcome> outcomes) {
    ObjectNode json = Json.object();
    ArrayNode data = json.putArray("data");
    for (ConnectionCheck.Outcome outcome : outcomes) {
      ObjectNode room = data.addObject();
      room.put("roomId", outcome.roomId());
      if (outcome.result().isPresent() && outcome.result().get().decision().allowed()) {
        room.put("allowed", true);
        ObjectNode permissions = room.putObject("permissions");
        outcome.result().get().decision().access().toWire().forEach(permissions::put);
        continue;
      }
      room.put("allowed", false);
      ObjectNode error = room.putObject("error");
      if (outcome.error().isPresent()) {
        dev.gatehouse.errors.GatehouseException e = outcome.error().get();
        error.put("error", e.errorCode().wire()).put("message", e.getMessage()).put("suggestion", e.suggestion());
      } else {
        dev.gatehouse.permissions.Decision d = outcome.result().orElseThrow().decision();
        error.put("error", dev.gatehouse.errors.ErrorCode.ROOM_ACCESS_DENIED.wire())
            .put("message", "Access to room \"" + outcome.roomId() + "\" denied (" + d.rule() + "): " + d.reason() + ".")
            .put("suggestion", "Give the user an entry in the room's accesses, or issue a token whose patterns and tenant cover the room.");
      }
    }
    return json;
  }

  /**
   * {@code {"userId", "roomId", "organizationId", "allowed", "rule", "reason", "permissions",
   * "levels": [{"level", "id"?, "source"?, "permissions", "note"}], "userStatus": {"deactivated",
   * "revokeTokensIssuedBefore"}}}: an explanation, each level with the permissions it gave.
   */
  public static ObjectNode explanation(dev.gatehouse.access.AccessCheck.Explained explained) {
    dev.gatehouse.permissions.Explanation explanation = explained.explanation();
    dev.gatehouse.permissions.Decision decision = explanation.decision();
    ObjectNode json = Json.object();
    json.put("userId", explained.principal().userId());
    json.put("roomId", explained.roomId());
    json.put("organizationId", explained.tenant().value());
    json.put("allowed", decision.allowed());
    json.put("rule", decision.rule().name());
    json.put("reason", decision.reason());
    ObjectNode permissions = json.putObject("permissions");
    decision.access().toWire().forEach(permissions::put);
    ArrayNode levels = json.putArray("levels");
    for (dev.gatehouse.permissions.Explanation.Level level : explanation.levels()) {
      ObjectNode entry = levels.addObject();
      entry.put("level", level.kind().wireName());
      level.id().ifPresent(id -> entry.put("id", id));
      level.source().ifPresent(source -> entry.put("source", source.wireName()));
      ArrayNode given = entry.putArray("permissions");
      level.permissions().values().forEach(given::add);
      entry.put("note", level.note());
    }
    ObjectNode status = json.putObject("userStatus");
    status.put("deactivated", explained.revocation().deactivated());
    java.util.Optional<java.time.Instant> cutoff = explained.cutoff();
    if (cutoff.isPresent()) {
      status.put("revokeTokensIssuedBefore", cutoff.get().toString());
    } else {
      status.putNull("revokeTokensIssuedBefore");
    }
    return json;
  }
}
