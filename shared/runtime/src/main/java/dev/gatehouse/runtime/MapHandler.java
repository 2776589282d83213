package dev.gatehouse.runtime;

import dev.gatehouse.api.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A handler whose event is a loose JSON object (authorizer requests, SQS and EventBridge
 * batches, Cognito triggers, custom resources), read as plain maps and lists.
 */
public abstract class MapHandler extends JsonStreamHandler {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  protected MapHandler(Gatehouse gatehouse) {
    super(gatehouse);
  }

  @Override
  protected final JsonNode handle(JsonNode event, Context context) {
    return Json.MAPPER_FOR_VALUES.valueToTree(handle(Json.MAPPER_FOR_VALUES.convertValue(event, MAP), context));
  }

  /** Handles one event; the result becomes the function's JSON result. */
  public abstract Map<String, Object> handle(Map<String, Object> event, Context context);
}
