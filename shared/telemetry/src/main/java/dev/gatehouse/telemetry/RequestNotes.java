package dev.gatehouse.telemetry;

/**
 * What one request learns on its way that its access line reports: the tenant it concerns, the
 * rule and reason of the access decision, the user it acts for, the error code it ended with.
 * The layer that knows a fact notes it ({@link #tenant}, {@link #decision}, ...); the handler
 * base opens the notes before the request and writes the line after it. Outside an open request
 * (the embeddable ConnectionCheck, tests, priming) noting does nothing.
 *
 * <p>A Lambda container handles one request at a time and the local server one per thread, so
 * the notes are held per thread.
 */
public final class RequestNotes implements AutoCloseable {
  private static final ThreadLocal<RequestNotes> CURRENT = new ThreadLocal<>();

  private String tenant;
  private String rule;
  private String reason;
  private String userId;
  private String code;
  private String outcome;
  private final java.util.EnumMap<Metric, Integer> counts = new java.util.EnumMap<>(Metric.class);

  private RequestNotes() {}

  /** Opens the notes of the request this thread starts now. */
  public static RequestNotes open() {
    RequestNotes notes = new RequestNotes();
    CURRENT.set(notes);
    return notes;
  }

  /** The tenant (organization, team) the request concerns, by its id. */
  public static void tenant(String tenant) {
    note(n -> n.tenant = tenant);
  }

  /** The access decision: the rule that decided and the sentence saying why. */
  public static void decision(String rule, String reason) {
    note(n -> {
      n.rule = rule;
      n.reason = reason;
    });
  }

  /**
   * A refusal the request ends with: its code, and unless the access check noted the decision
   * behind it, the code as the rule and the message as the reason.
   */
  public static void refusal(String code, String message) {
    note(n -> {
      n.code = code;
      if (n.rule == null) {
        n.rule = code;
        n.reason = message;
      }
    });
  }

  /** The user the request acts for (logged only where the operator opts in). */
  public static void user(String userId) {
    note(n -> n.userId = userId);
  }

  /** The error code the request ends with. */
  public static void code(String code) {
    note(n -> n.code = code);
  }

  /** What an event-driven invocation did (applied, skipped, allow, deny...). */
  public static void outcome(String outcome) {
    note(n -> n.outcome = outcome);
  }

  /** Adds one to a counter of the request (tokens issued, a storage retry...). */
  public static void count(Metric metric) {
    note(n -> n.counts.merge(metric, 1, Integer::sum));
  }

  /** Sets a value of the request (a gauge, such as the signing key's age). */
  public static void set(Metric metric, int value) {
    note(n -> n.counts.put(metric, value));
  }

  /** Notes on this thread's open request; nothing outside one. */
  private static void note(java.util.function.Consumer<RequestNotes> change) {
    RequestNotes notes = CURRENT.get();
    if (notes != null) {
      change.accept(notes);
    }
  }

  /** The counters noted so far, in {@link Metric} order. */
  public java.util.Map<Metric, Integer> counts() {
    return java.util.Collections.unmodifiableMap(counts);
  }

  public String tenant() {
    return tenant;
  }

  public String rule() {
    return rule;
  }

  public String reason() {
    return reason;
  }

  public String userId() {
    return userId;
  }

  public String code() {
    return code;
  }

  public String outcome() {
    return outcome;
  }

  @Override
  public void close() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }
}
