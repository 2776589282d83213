package dev.gatehouse.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where access lines go. In Lambda: JSON on stdout, one object per line, which Lambda's JSON log
 * format takes as it is and filters by its {@code level} ({@code LoggingConfig}); the local
 * server prints them readably, or as JSON. Off until configured, so that tests, benchmarks and
 * an embedding application print nothing they did not ask for.
 */
public final class AccessLog {
  public enum Format { JSON, TEXT }

  /** How lines are written, and which. */
  public record Settings(boolean enabled, Format format, AccessLine.Level level, boolean userIds, String metricsNamespace,
      Consumer<String> sink) {
    public Settings {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(sink, "sink");
    }
  }

  private static final Settings OFF = new Settings(false, Format.JSON, AccessLine.Level.INFO, false, null, line -> {});

  /** The CloudWatch namespace of the metrics when the stack names none. */
  public static final String DEFAULT_NAMESPACE = "Gatehouse";
  private static volatile Settings settings = OFF;

  private AccessLog() {}

  /** Writes lines from now on: {@code format} to {@code sink}, at {@code level} and above. */
  public static void configure(Format format, AccessLine.Level level, boolean userIds, Consumer<String> sink) {
    configure(format, level, userIds, null, sink);
  }

  /** As above, with each JSON line also an EMF record of its counters in {@code metricsNamespace} (null: none). */
  public static void configure(Format format, AccessLine.Level level, boolean userIds, String metricsNamespace,
      Consumer<String> sink) {
    settings = new Settings(true, format, level, userIds, format == Format.JSON ? metricsNamespace : null, sink);
  }

  /**
   * In Lambda: JSON on stdout at the function's level ({@code AWS_LAMBDA_LOG_LEVEL}, which
   * {@code LoggingConfig.ApplicationLogLevel} sets; INFO without it), user ids only with
   * {@code GATEHOUSE_LOG_USER_IDS=true}, each line an EMF record in {@code
   * GATEHOUSE_METRICS_NAMESPACE} ({@value #DEFAULT_NAMESPACE} by default).
   */
  public static void configureForLambda(Map<String, String> env) {
    String namespace = env.getOrDefault("GATEHOUSE_METRICS_NAMESPACE", "");
    configure(Format.JSON, AccessLine.Level.parse(env.get("AWS_LAMBDA_LOG_LEVEL"), AccessLine.Level.INFO),
        "true".equalsIgnoreCase(env.getOrDefault("GATEHOUSE_LOG_USER_IDS", "false")),
        namespace.isBlank() ? DEFAULT_NAMESPACE : namespace, System.out::println);
  }

  /**
   * A line about one part of a request (a message of an SQS batch), written where the access
   * lines go and at their level; nothing when the log is off. The caller keeps it free of
   * bodies, secrets and, unless {@link #userIdsLogged()}, user ids.
   */
  public static void detail(String line) {
    Settings current = settings;
    if (current.enabled() && AccessLine.Level.INFO.compareTo(current.level()) >= 0) {
      current.sink().accept(Scrub.secrets(line));
    }
  }

  public static void off() {
    settings = OFF;
  }

  /** Whether lines may name users (the operator opted in). */
  public static boolean userIdsLogged() {
    return settings.userIds();
  }

  public static boolean enabled() {
    return settings.enabled();
  }

  /**
   * Writes the line of one request from its notes. The user id, and any mention of it in the
   * reason, is left out unless configured; every text field is scrubbed of credentials.
   */
  public static void write(String function, String route, int status, RequestNotes notes, double latencyMs, boolean coldStart,
      String requestId, String lambdaRequestId, String error) {
    Settings current = settings;
    AccessLine.Level level = AccessLine.levelOf(status);
    // Below the level a line is not written, and its metrics with it: EMF rides on the line (in
    // Lambda, LoggingConfig would drop it anyway).
    if (!current.enabled() || level.compareTo(current.level()) < 0) {
      return;
    }
    boolean refused = status == 401 || status == 403 || status == 429;
    java.util.EnumMap<Metric, Integer> counts = new java.util.EnumMap<>(Metric.class);
    counts.put(Metric.REQUESTS, 1);
    counts.put(Metric.ERRORS, status >= 500 ? 1 : 0);
    if (refused) {
      counts.put(Metric.REFUSALS, 1);
    }
    counts.putAll(notes.counts());
    String user = notes.userId();
    String reason = current.userIds() ? notes.reason() : Scrub.userId(notes.reason(), user);
    String logError = current.userIds() ? error : Scrub.userId(error, user);
    AccessLine line = new AccessLine(Instant.now(), level, function, route, status, notes.code(), notes.tenant(), notes.rule(),
        Scrub.secrets(reason), notes.outcome(), latencyMs, coldStart, emptyToNull(requestId), emptyToNull(lambdaRequestId),
        current.userIds() ? user : null, Scrub.secrets(logError),
        refused ? (notes.rule() != null ? notes.rule() : notes.code()) : null, counts, current.metricsNamespace());
    current.sink().accept(current.format() == Format.JSON ? line.toJson() : line.toText());
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
