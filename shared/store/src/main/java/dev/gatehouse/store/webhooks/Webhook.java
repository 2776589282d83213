package dev.gatehouse.store.webhooks;

import dev.gatehouse.store.changes.ChangeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Where changes are delivered: a registered webhook (an HTTP endpoint, its events and its
 * signing secret), or the stack's EventBridge bus ({@link #isBus}), with how far delivery has come.
 *
 * @param id {@code wh_...} for a webhook; {@link #BUS_PREFIX}{@code <bus name>} for the bus
 * @param url the endpoint (the bus's name for the bus)
 * @param events the wire names of the types delivered; empty: every delivered type
 * @param secret {@code whsec_<base64>}, the HMAC key of the signatures (empty for the bus)
 * @param createdAt when it was registered
 * @param delivery where delivery stands
 */
public record Webhook(String id, String url, List<String> events, String secret, Instant createdAt, WebhookDelivery delivery) {
  /** The id prefix of the bus's delivery target. */
  public static final String BUS_PREFIX = "eventbridge:";

  public Webhook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    events = List.copyOf(events);
    Objects.requireNonNull(secret, "secret");
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(delivery, "delivery");
  }

  /** The bus's delivery target, starting at {@code cursor}. */
  public static Webhook bus(String busName, Instant at, long cursor) {
    return new Webhook(BUS_PREFIX + busName, busName, List.of(), "", at, WebhookDelivery.startingAt(cursor));
  }

  /** Whether this is the EventBridge bus rather than a registered webhook. */
  public boolean isBus() {
    return id.startsWith(BUS_PREFIX);
  }

  /** Whether a change of this type goes to it. */
  public boolean wants(ChangeType type) {
    return type.delivered() && (events.isEmpty() || events.contains(type.wireName()));
  }

  public Webhook with(WebhookDelivery newDelivery) {
    return new Webhook(id, url, events, secret, createdAt, newDelivery);
  }

  /** Never the secret: a webhook may end up in a log line or an exception message. */
  @Override
  public String toString() {
    return "Webhook[id=" + id + ", events=" + events + ", createdAt=" + createdAt + ", delivery=" + delivery + "]";
  }
}
