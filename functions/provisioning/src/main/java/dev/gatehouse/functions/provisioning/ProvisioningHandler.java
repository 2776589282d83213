package dev.gatehouse.functions.provisioning;

import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.service.provisioning.ProvisioningService;
import java.util.function.Supplier;
import com.amazonaws.services.lambda.runtime.Context;
import dev.gatehouse.runtime.MapHandler;
import dev.gatehouse.api.AwsFailures;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.provisioning.ProvisioningEvents;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.runtime.Config;
import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.StorageException;
import dev.gatehouse.service.provisioning.ProvisioningEvent;
import dev.gatehouse.service.provisioning.ProvisioningService.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.gatehouse.telemetry.AccessLog;
import dev.gatehouse.telemetry.RequestNotes;
import java.util.function.Consumer;

/**
 * Applies provisioning events from an SQS queue (a batch, with {@code ReportBatchItemFailures}:
 * a bad message fails alone and is retried, then parked in the dead-letter queue) or from an
 * EventBridge rule. EventBridge invokes asynchronously and is done once Lambda has the event, so
 * a failure is thrown for Lambda to retry (twice), then to record with the event in the
 * function's on-failure destination ({@code AsyncFailureQueue}); the rule's own retries and
 * dead-letter queue only cover delivering the event to Lambda. A tenant
 * deletion that is not finished puts its continuation on the queue and acknowledges the message.
 * Logs carry ids, types, outcomes and error codes, never a payload.
 */
public final class ProvisioningHandler extends MapHandler {
  private final Supplier<ProvisioningService> provisioning;
  private final Consumer<String> continuation;

  /** Lambda's constructor: continuations go to the queue named by GATEHOUSE_PROVISIONING_QUEUE_URL. */
  public ProvisioningHandler() {
    this(Gatehouse.fromEnvironment(), SqsContinuationQueue.fromConfig(Config.fromEnv(System.getenv())));
  }

  /** Without a queue: an unfinished tenant deletion is reported as a failure, so it is delivered again. */
  public ProvisioningHandler(Gatehouse gatehouse) {
    this(gatehouse, body -> {
      throw new IllegalStateException("no provisioning queue to continue on: deliver the event again");
    });
  }

  public ProvisioningHandler(Gatehouse gatehouse, Consumer<String> continuation) {
    super(gatehouse);
    this.provisioning = gatehouse.provisioning()::service;
    this.continuation = continuation;
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> event, Context context) {
    if (event.get("Records") instanceof List<?> records) {
      return sqs(records);
    }
    if (event.containsKey("detail-type")) {
      return eventBridge(event);
    }
    throw new IllegalArgumentException("not an SQS batch or an EventBridge event");
  }

  private Map<String, Object> sqs(List<?> records) {
    List<Map<String, String>> failures = new ArrayList<>();
    for (Object raw : records) {
      Map<?, ?> record = (Map<?, ?>) raw;
      String messageId = String.valueOf(record.get("messageId"));
      try {
        String body = String.valueOf(record.get("body"));
        ProvisioningEvent event = ProvisioningEvents.fromSqsBody(body);
        Outcome outcome = provisioning.get().handle(event, "sqs");
        RequestNotes.count(counter(outcome));
        log("sqs", messageId, event, outcome.getClass().getSimpleName(), outcome.summary());
        if (outcome instanceof Outcome.Incomplete) {
          continuation.accept(body);
        }
      } catch (GatehouseException e) {
        RequestNotes.count(counter(e));
        log("sqs", messageId, null, "rejected", reason(e));
        failures.add(Map.of("itemIdentifier", messageId));
      } catch (RuntimeException e) {
        RequestNotes.count(Metric.PROVISIONING_FAILED);
        log("sqs", messageId, null, "failed", e.getClass().getSimpleName());
        failures.add(Map.of("itemIdentifier", messageId));
      }
    }
    RequestNotes.outcome(records.size() - failures.size() + " handled, " + failures.size() + " failed");
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("batchItemFailures", failures);
    return response;
  }

  private Map<String, Object> eventBridge(Map<String, Object> raw) {
    ProvisioningEvent event;
    Outcome outcome;
    try {
      event = ProvisioningEvents.fromEventBridge(raw);
      outcome = provisioning.get().handle(event, "eventbridge:" + raw.getOrDefault("source", "unknown"));
    } catch (GatehouseException e) {
      RequestNotes.count(counter(e));
      log("eventbridge", String.valueOf(raw.get("id")), null, "rejected", reason(e));
      throw new IllegalStateException(reason(e)); // what Lambda logs and parks: no event values
    }
    log("eventbridge", String.valueOf(raw.get("id")), event, outcome.getClass().getSimpleName(), outcome.summary());
    RequestNotes.outcome(outcome.getClass().getSimpleName());
    RequestNotes.count(counter(outcome));
    if (outcome instanceof Outcome.Incomplete) {
      continuation.accept(Json.write(Json.MAPPER_FOR_VALUES.valueToTree(Map.of(
          "id", event.id(), "type", event.type(), "occurredAt", event.occurredAt().toString(), "data", raw.get("detail") instanceof Map<?, ?> d ? d.get("data") : Map.of()))));
    }
    return Map.of("outcome", outcome.getClass().getSimpleName(), "summary", outcome.summary());
  }

  private static Metric counter(Outcome outcome) {
    return switch (outcome) {
      case Outcome.Applied applied -> Metric.PROVISIONING_APPLIED;
      case Outcome.Skipped skipped -> Metric.PROVISIONING_SKIPPED;
      case Outcome.Incomplete incomplete -> Metric.PROVISIONING_INCOMPLETE;
    };
  }

  /** Invalid input can never apply (poison, bound for the dead-letter queue); the rest may on a later delivery. */
  private static Metric counter(GatehouseException e) {
    return e instanceof InvalidInputException || e instanceof dev.gatehouse.errors.InvalidRequestException
        ? Metric.PROVISIONING_POISON : Metric.PROVISIONING_FAILED;
  }

  private static void log(String source, String messageId, ProvisioningEvent event, String outcome, String detail) {
    if (event != null && !AccessLog.userIdsLogged()) {
      // A summary names the user it changed: left out unless the operator opts in to user ids.
      String userId = switch (event.change()) {
        case ProvisioningEvent.UserUpserted u -> u.user().id();
        case ProvisioningEvent.UserDeleted u -> u.userId();
        default -> null;
      };
      if (userId != null) {
        detail = detail.replace("user " + userId, "user [user]");
      }
    }
    AccessLog.detail("{\"source\":\"" + source + "\",\"message\":" + quote(messageId)
        + (event == null ? "" : ",\"event\":" + quote(event.id()) + ",\"type\":" + quote(event.type()))
        + ",\"outcome\":" + quote(outcome) + ",\"detail\":" + quote(detail) + "}");
  }

  /**
   * The error code, the field it concerns, and for a storage failure AWS's reason. Never the
   * message: it can quote the event's values (an id, a name, a piece of malformed JSON).
   */
  static String reason(GatehouseException e) {
    String field = e instanceof InvalidInputException invalid && invalid.field() != null ? " (" + invalid.field() + ")" : "";
    return e.code() + field + (e instanceof StorageException ? ": " + AwsFailures.describe(e.getCause()) : "");
  }

  private static String quote(String value) {
    return Json.write(Json.MAPPER_FOR_VALUES.getNodeFactory().textNode(value));
  }
}
