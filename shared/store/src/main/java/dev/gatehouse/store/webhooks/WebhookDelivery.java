package dev.gatehouse.store.webhooks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one target's delivery stands. Changes go out one at a time in commit order: the next is
 * the first delivered change after {@code cursor}; while it fails, {@code attempts} counts its
 * failed tries and {@code retryAt} says when the next is due. A target whose change failed every
 * try is {@code disabled}: nothing more is sent until it is registered again.
 *
 * @param cursor the sequence of the last change delivered (or passed over: not wanted, or given up)
 * @param attempts failed tries of the next change
 * @param retryAt when the next try is due, while it fails
 * @param lastError the last failure, in words (a status or a network error; never a body)
 * @param lastDeliveredAt when a change was last delivered
 * @param disabled when delivery stopped after the last try of a change failed
 */
public record WebhookDelivery(long cursor, int attempts, Optional<Instant> retryAt, Optional<String> lastError,
    Optional<Instant> lastDeliveredAt, Optional<Instant> disabled) {
  public WebhookDelivery {
    Objects.requireNonNull(retryAt, "retryAt");
    retryAt = retryAt.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
    Objects.requireNonNull(lastError, "lastError");
    lastDeliveredAt = lastDeliveredAt.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
    disabled = disabled.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A target that has delivered nothing yet and goes on after {@code cursor}. */
  public static WebhookDelivery startingAt(long cursor) {
    return new WebhookDelivery(cursor, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The change at {@code sequence} was delivered at {@code at}. */
  public WebhookDelivery delivered(long sequence, Instant at) {
    return new WebhookDelivery(sequence, 0, Optional.empty(), lastError, Optional.of(at), Optional.empty());
  }

  /** The change at {@code sequence} is not for this target: passed over. */
  public WebhookDelivery passed(long sequence) {
    return new WebhookDelivery(sequence, attempts, retryAt, lastError, lastDeliveredAt, disabled);
  }

  /** The next change failed again; tried again at {@code next}. */
  public WebhookDelivery failed(String error, Instant next) {
    return new WebhookDelivery(cursor, attempts + 1, Optional.of(next), Optional.of(error), lastDeliveredAt, Optional.empty());
  }

  /** The next change failed its last try: delivery stops at it. */
  public WebhookDelivery disabledAt(String error, Instant at) {
    return new WebhookDelivery(cursor, attempts + 1, Optional.empty(), Optional.of(error), lastDeliveredAt, Optional.of(at));
  }

  /** Whether a try is due at {@code now}. */
  public boolean dueAt(Instant now) {
    return disabled.isEmpty() && retryAt.map(t -> !t.isAfter(now)).orElse(true);
  }
}
