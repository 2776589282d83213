package dev.gatehouse.service.webhooks;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.store.changes.ChangeLog;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.webhooks.Webhook;
import dev.gatehouse.store.webhooks.WebhookDelivery;
import dev.gatehouse.store.webhooks.WebhookRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Registering, listing and removing webhooks. A new webhook receives the changes placed after
 * its registration (not the log's history: read that from the change feed).
 */
public final class WebhookService {
  /** How many webhooks a project may register. */
  public static final int MAX_WEBHOOKS = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookRepository webhooks;
  private final ChangeLog log;
  private final WebhookUrls urls;
  private final Clock clock;
  private final Duration retention;

  public WebhookService(WebhookRepository webhooks, ChangeLog log, WebhookUrls urls, Clock clock, Duration retention) {
    this.webhooks = webhooks;
    this.log = log;
    this.urls = urls;
    this.clock = clock;
    this.retention = retention;
  }

  /** The types a webhook can ask for: every delivered type. */
  public static List<String> deliveredTypes() {
    return Arrays.stream(ChangeType.values()).filter(ChangeType::delivered).map(ChangeType::wireName).toList();
  }

  /**
   * Registers a webhook.
   *
   * @param events the types to deliver; empty: every delivered type, now and those added later
   * @return the webhook, with its secret (shown only here)
   */
  public Webhook register(String url, Optional<List<String>> events) {
    urls.requireValid(url);
    List<String> types = events.map(WebhookService::requireTypes).orElse(List.of());
    if (webhooks.list().stream().filter(w -> !w.isBus()).count() >= MAX_WEBHOOKS) {
      throw new InvalidInputException(ErrorCode.TOO_MANY_WEBHOOKS, "url", "A project has at most " + MAX_WEBHOOKS + " webhooks.",
          "Remove a webhook you no longer use (DELETE /v2/webhooks/{id}), or have one endpoint fan out.");
    }
    // From the newest placed change: what the writes recorded until now is placed first, so a
    // change that committed before this registration is not delivered to it.
    log.settle(clock.instant(), retention);
    String id = "wh_" + HexFormat.of().formatHex(randomBytes(12));
    Webhook webhook = new Webhook(id, url, types, WebhookSignature.newSecret(), clock.instant(),
        WebhookDelivery.startingAt(log.head()));
    return webhooks.create(webhook);
  }

  private static List<String> requireTypes(List<String> events) {
    List<String> known = deliveredTypes();
    if (events.isEmpty()) {
      throw new InvalidInputException(ErrorCode.INVALID_WEBHOOK_EVENTS, "events", "events is empty.",
          "Leave events out to receive every type, or name some of: " + String.join(", ", known) + ".");
    }
    List<String> unknown = new ArrayList<>();
    for (String event : events) {
      if (event == null || !known.contains(event)) {
        unknown.add(String.valueOf(event));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(ErrorCode.INVALID_WEBHOOK_EVENTS, "events",
          "events names types Gatehouse does not deliver: " + String.join(", ", unknown.stream().map(WebhookService::shown).toList()) + ".",
          "Name some of: " + String.join(", ", known) + ".");
    }
    return List.copyOf(new LinkedHashSet<>(events));
  }

  /** An unknown type as the error repeats it: bounded, so an error never echoes a whole body. */
  private static String shown(String type) {
    return type.length() > 40 ? type.substring(0, 40) + "..." : type;
  }

  /** The registered webhooks, oldest first (the bus's target is not one). */
  public List<Webhook> list() {
    return webhooks.list().stream().filter(w -> !w.isBus()).toList();
  }

  /** Removes a webhook: nothing more is sent to it. */
  public Webhook delete(String id) {
    if (id == null || !id.matches("wh_[0-9a-f]{24}")) {
      throw notFound();
    }
    return webhooks.delete(id).orElseThrow(WebhookService::notFound);
  }

  private static NotFoundException notFound() {
    return new NotFoundException(ErrorCode.WEBHOOK_NOT_FOUND, "There is no webhook with this id.",
        "List the registered webhooks with GET /v2/webhooks.");
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
