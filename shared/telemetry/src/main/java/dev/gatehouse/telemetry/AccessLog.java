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
  public record Settings(boolean enabled, Format format, AccessLine.Level level, boolean userIds, Consumer<String> sink) {
    public Settings {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(sink, "sink");
    }
  }

  private static final Settings OFF = new Settings(false, Format.JSON, AccessLine.Level.INFO, false, line -> {});
  private static volatile Settings settings = OFF;

  private AccessLog() {}

  /** Writes lines from now on: {@code format} to {@code sink}, at {@code level} and above. */
  public static void configure(Format format, AccessLine.Level level, boolean userIds, Consumer<String> sink) {
    settings = new Settings(true, format, level, userIds, sink);
  }

  /**
   * In Lambda: JSON on stdout at the function's level ({@code AWS_LAMBDA_LOG_LEVEL}, which
   * {@code LoggingConfig.ApplicationLogLevel} sets; INFO without it), user ids only with
   * {@code GATEHOUSE_LOG_USER_IDS=true}.
   */
  public static void configureForLambda(Map<String, String> env) {
    configure(Format.JSON, AccessLine.Level.parse(env.get("AWS_LAMBDA_LOG_LEVEL"), AccessLine.Level.INFO),
        "true".equalsIgnoreCase(env.getOrDefault("GATEHOUSE_LOG_USER_IDS", "false")), System.out::println);
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
    if (!current.enabled() || level.compareTo(current.level()) < 0) {
      return;
    }
    String user = notes.userId();
    String reason = current.userIds() ? notes.reason() : Scrub.userId(notes.reason(), user);
    String logError = current.userIds() ? error : Scrub.userId(error, user);
    AccessLine line = new AccessLine(Instant.now(), level, function, route, status, notes.code(), notes.tenant(), notes.rule(),
        Scrub.secrets(reason), notes.outcome(), latencyMs, coldStart, emptyToNull(requestId), emptyToNull(lambdaRequestId),
        current.userIds() ? user : null, Scrub.secrets(logError));
    current.sink().accept(current.format() == Format.JSON ? line.toJson() : line.toText());
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
