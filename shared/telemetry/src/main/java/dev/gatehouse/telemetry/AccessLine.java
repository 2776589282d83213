package dev.gatehouse.telemetry;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One request, as the operator reads it: when, which function and route (or event type), the
 * status and error code, the tenant, the deciding rule and reason, how long it took, whether it
 * was the container's first, and the request ids of API Gateway and Lambda. Never a body, a
 * header, a token or a secret; the user id only where the operator opts in.
 *
 * @param route the route key ({@code POST /v2/rooms/{roomId}}) or the event type ({@code sqs})
 * @param status the HTTP status, or for events 200 when handled and 500 when the invocation failed
 * @param error for a 5xx, what failed (an exception's class and scrubbed message, AWS's reason)
 * @param refusal for a 401, 403 or 429, the deciding rule or the error code: a bounded dimension
 * @param counts the request's counters, {@link Metric#REQUESTS} and {@link Metric#ERRORS} included
 * @param metricsNamespace the CloudWatch namespace to report the counters in as EMF; null for none
 */
public record AccessLine(
    Instant time,
    Level level,
    String function,
    String route,
    int status,
    String code,
    String tenant,
    String rule,
    String reason,
    String outcome,
    double latencyMs,
    boolean coldStart,
    String requestId,
    String lambdaRequestId,
    String userId,
    String error,
    String refusal,
    java.util.Map<Metric, Integer> counts,
    String metricsNamespace) {

  /** Lambda's levels: with {@code LoggingConfig} a line below the function's level is dropped. */
  public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    public static Level parse(String name, Level otherwise) {
      if (name == null || name.isBlank()) {
        return otherwise;
      }
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        return otherwise;
      }
    }
  }

  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  /** A 5xx is an error for the operator; every other answer, refusals included, is information. */
  public static Level levelOf(int status) {
    return status >= 500 ? Level.ERROR : Level.INFO;
  }

  /** One JSON object on one line, in the shape Lambda's JSON log format reads ({@code timestamp}, {@code level}). */
  public String toJson() {
    StringBuilder out = new StringBuilder(256).append('{');
    field(out, "timestamp", time.toString());
    field(out, "level", level.name());
    field(out, "type", "access");
    field(out, "function", function);
    field(out, "route", route);
    out.append(",\"status\":").append(status);
    field(out, "code", code);
    field(out, "tenant", tenant);
    field(out, "rule", rule);
    field(out, "reason", reason);
    field(out, "outcome", outcome);
    out.append(",\"latencyMs\":").append(Math.round(latencyMs * 100) / 100.0);
    out.append(",\"coldStart\":").append(coldStart);
    field(out, "requestId", requestId);
    field(out, "lambdaRequestId", lambdaRequestId);
    field(out, "userId", userId);
    field(out, "error", error);
    field(out, "refusal", refusal);
    counts.forEach((metric, count) -> out.append(",\"").append(metric.metricName()).append("\":").append(count));
    if (metricsNamespace != null) {
      emf(out);
    }
    return out.append('}').toString();
  }

  /**
   * The embedded metric format's directive: CloudWatch reads the counters (and the latency) of
   * this line as metrics by function and route, and the refusal by its reason. The values are
   * the line's own fields, so the line stays one record.
   */
  private void emf(StringBuilder out) {
    out.append(",\"_aws\":{\"Timestamp\":").append(time.toEpochMilli()).append(",\"CloudWatchMetrics\":[{\"Namespace\":\"");
    escape(out, metricsNamespace);
    out.append("\",\"Dimensions\":[[\"function\",\"route\"]],\"Metrics\":[{\"Name\":\"latencyMs\",\"Unit\":\"Milliseconds\"}");
    counts.forEach((metric, count) -> out.append(",{\"Name\":\"").append(metric.metricName()).append("\",\"Unit\":\"")
        .append(metric.unit()).append("\"}"));
    out.append("]}");
    if (refusal != null) {
      out.append(",{\"Namespace\":\"");
      escape(out, metricsNamespace);
      out.append("\",\"Dimensions\":[[\"refusal\"]],\"Metrics\":[{\"Name\":\"Refusals\",\"Unit\":\"Count\"}]}");
    }
    out.append("]}");
  }

  /** The same fields for a terminal: {@code 12:00:00.123 POST /v2/rooms 422 INVALID_BODY 3.1 ms tenant=acme ...}. */
  public String toText() {
    StringBuilder out = new StringBuilder(128);
    out.append(LOCAL_TIME.format(time)).append(' ').append(route).append(' ').append(status);
    if (code != null) {
      out.append(' ').append(code);
    }
    out.append(' ').append(String.format(Locale.ROOT, "%.1f ms", latencyMs));
    pair(out, "tenant", tenant);
    pair(out, "rule", rule);
    pair(out, "reason", reason == null ? null : '"' + reason + '"');
    pair(out, "outcome", outcome);
    pair(out, "user", userId);
    pair(out, "request", requestId);
    if (coldStart) {
      out.append(" cold");
    }
    pair(out, "error", error);
    return out.toString();
  }

  private static void field(StringBuilder out, String name, String value) {
    if (value == null) {
      return;
    }
    if (out.length() > 1) {
      out.append(',');
    }
    out.append('"').append(name).append("\":\"");
    escape(out, value);
    out.append('"');
  }

  private static void escape(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  private static void pair(StringBuilder out, String name, String value) {
    if (value != null) {
      out.append(' ').append(name).append('=').append(value.replace('\n', ' '));
    }
  }
}
