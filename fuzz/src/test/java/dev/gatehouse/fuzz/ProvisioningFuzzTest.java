package dev.gatehouse.fuzz;

import static dev.gatehouse.fuzz.Refusals.check;
import static dev.gatehouse.fuzz.Refusals.parseOrRefuse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.provisioning.ProvisioningEvents;
import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.functions.provisioning.CognitoPostConfirmationHandler;
import dev.gatehouse.service.provisioning.ProvisioningEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Provisioning envelopes (docs/events.md) as the SQS and EventBridge paths decode them, then
 * applied to the embedded store; and Cognito's post-confirmation trigger with whatever
 * attributes a user could sign up with. Each is applied, or refused with a client error (a bad
 * envelope, a room that does not exist yet); never a 503, never another exception.
 */
class ProvisioningFuzzTest {

  @FuzzTest
  void sqs(byte[] input) {
    String body = new String(input, StandardCharsets.UTF_8);
    parseOrRefuse(() -> ProvisioningEvents.fromSqsBody(body), InvalidRequestException.class, InvalidInputException.class)
        .ifPresent(ProvisioningFuzzTest::apply);
  }

  /** EventBridge sets id, detail-type and time itself (strings); detail is the sender's. */
  @FuzzTest
  void eventBridge(FuzzedDataProvider data) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "0");
    event.put("id", data.consumeString(40));
    event.put("detail-type", data.consumeBoolean() ? data.pickValue(ProvisioningEvents.TYPES.toArray(String[]::new)) : data.consumeString(20));
    event.put("source", "fuzz");
    event.put("time", data.consumeBoolean() ? "2026-11-22T21:44:48Z" : data.consumeString(30));
    Object detail;
    try {
      detail = Json.MAPPER_FOR_VALUES.readValue(data.consumeRemainingAsString(), Object.class);
    } catch (Exception notJson) {
      return; // EventBridge only carries JSON
    }
    event.put("detail", detail);
    parseOrRefuse(() -> ProvisioningEvents.fromEventBridge(event), InvalidRequestException.class, InvalidInputException.class)
        .ifPresent(ProvisioningFuzzTest::apply);
  }

  /** Cognito sends string attributes; {@code custom:team} is one a user may set at sign-up. */
  @FuzzTest
  void cognito(FuzzedDataProvider data) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("sub", data.consumeString(140));
    if (data.consumeBoolean()) {
      attributes.put("custom:team", data.consumeString(200));
    }
    if (data.consumeBoolean()) {
      attributes.put("name", data.consumeString(200));
    }
    if (data.consumeBoolean()) {
      attributes.put("email", data.consumeString(100));
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "1");
    event.put("triggerSource", data.consumeBoolean() ? "PostConfirmation_ConfirmSignUp" : data.consumeString(40));
    event.put("userName", data.consumeString(40));
    event.put("request", Map.of("userAttributes", attributes));
    event.put("response", Map.of());
    CognitoPostConfirmationHandler handler = (CognitoPostConfirmationHandler) Embedded.gatehouse().handler("CognitoPostConfirmationFunction");
    Optional<Map<String, Object>> answer = parseOrRefuse(() -> handler.handle(event, null), InvalidInputException.class);
    answer.ifPresent(a -> check(a == event, "Cognito gets its event back unchanged"));
  }

  private static void apply(ProvisioningEvent event) {
    parseOrRefuse(() -> Embedded.gatehouse().gatehouse().provisioning().service().handle(event),
        InvalidRequestException.class, InvalidInputException.class, NotFoundException.class, ConflictException.class);
  }
}
