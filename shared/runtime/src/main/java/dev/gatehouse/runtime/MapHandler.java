package dev.gatehouse.runtime;

import dev.gatehouse.api.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.telemetry.RequestNotes;
import java.util.List;
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
    long start = System.nanoTime();
    boolean coldStart = takeColdStart();
    Map<String, Object> map = Json.MAPPER_FOR_VALUES.convertValue(event, MAP);
    String type = eventType(map);
    try (RequestNotes notes = RequestNotes.open()) {
      Map<String, Object> result;
      try {
        result = handle(map, context);
      } catch (RuntimeException e) {
        if (e instanceof GatehouseException known) {
          RequestNotes.code(known.code());
        }
        // Thrown on for Lambda to report and retry: the line says what failed.
        accessLine(context, type, 500, notes, start, coldStart, "", describe(e));
        throw e;
      }
      accessLine(context, type, 200, notes, start, coldStart, "", null);
      return Json.MAPPER_FOR_VALUES.valueToTree(result);
    }
  }

  /** Handles one event; the result becomes the function's JSON result. */
  public abstract Map<String, Object> handle(Map<String, Object> event, Context context);

  /**
   * What kind of event this is, for its access line: {@code sqs}, {@code eventbridge}, {@code
   * authorizer}, {@code cognito PostConfirmation_ConfirmSignUp}, {@code cloudformation Create},
   * {@code action rotate}. Bounded: read from the event's shape and AWS-defined fields only.
   */
  static String eventType(Map<String, Object> event) {
    if (event.get("Records") instanceof List<?> records) {
      Object source = records.isEmpty() || !(records.getFirst() instanceof Map<?, ?> first) ? null : first.get("eventSource");
      return source == null ? "records" : source.toString().replace("aws:", "");
    }
    if (event.containsKey("detail-type")) {
      return "eventbridge";
    }
    if (event.get("triggerSource") instanceof String trigger) {
      return "cognito " + trigger;
    }
    if (event.get("RequestType") instanceof String request) {
      return "cloudformation " + request;
    }
    if (event.containsKey("routeArn") || event.containsKey("methodArn")) {
      return "authorizer";
    }
    if (event.get("action") instanceof String action && action.matches("[a-z-]{1,20}")) {
      return "action " + action;
    }
    return "event";
  }
}
