package dev.gatehouse.service.webhooks;

import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeLog;
import dev.gatehouse.store.webhooks.Webhook;
import dev.gatehouse.store.webhooks.WebhookDelivery;
import dev.gatehouse.store.webhooks.WebhookRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Delivers the change log to every target: each webhook and, in AWS, the stack's EventBridge bus.
 * Each target receives its changes one at a time in commit order (a permission change applied out
 * of order would leave a receiver with the wrong state), from where it stands; a failed attempt is
 * retried on {@link #RETRIES} (the Standard Webhooks schedule, about 27 hours in all) before the
 * next change is sent, and a change that fails every attempt disables the webhook. The bus is
 * retried until it takes the change. Targets are delivered in parallel, each under a lease, so
 * however many dispatchers run at once (the schedule, the table's stream), one delivers a target.
 */
public final class WebhookDispatcher {
  /** The waits before each retry of a failed delivery. */
  public static final List<Duration> RETRIES = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
      Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
  /** How long past its deadline a run's lease lasts: a delivery under way then still finishes under it. */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
  private static final int BATCH = 50;

  /** Sends one signed request; never throws for the endpoint's failure. */
  public interface Transport {
    /** @return empty when the endpoint took it (2xx), else why not (a status, a network error) */
    Optional<String> post(URI url, Map<String, String> headers, String body);
  }

  /** Publishes changes to the bus, in order. */
  public interface Bus {
    /** The bus's name. */
    String name();

    /**
     * Publishes up to {@link #maxBatch()} changes.
     *
     * @return how many, from the first, it took; an error for the first it did not is left to the next run
     */
    int publish(List<Change> changes);

    default int maxBatch() {
      return 10;
    }
  }

  /** What one run did. */
  public record Report(int delivered, int failed, int disabled) {}

  private final WebhookRepository targets;
  private final ChangeLog log;
  private final Transport transport;
  private final Optional<Bus> bus;
  private final Function<Change, String> body;
  private final WebhookUrls urls;
  private final Clock clock;
  private final Duration retention;

  /**
   * @param body the JSON a webhook receives for a change
   * @param bus the stack's bus, in AWS
   */
  public WebhookDispatcher(WebhookRepository targets, ChangeLog log, Transport transport, Optional<Bus> bus,
      Function<Change, String> body, WebhookUrls urls, Clock clock, Duration retention) {
    this.targets = targets;
    this.log = log;
    this.transport = transport;
    this.bus = bus;
    this.body = body;
    this.urls = urls;
    this.clock = clock;
    this.retention = retention;
  }

  /** Delivers what is due, until {@code deadline}; what is left goes on at the next run. */
  public Report run(Instant deadline) {
    Instant now = clock.instant();
    List<Webhook> all = new ArrayList<>(targets.list());
    if (bus.isPresent() && all.stream().noneMatch(w -> w.id().equals(Webhook.BUS_PREFIX + bus.get().name()))) {
      // The bus receives every change the log holds: it starts at the beginning.
      try {
        all.add(targets.create(Webhook.bus(bus.get().name(), now, 0)));
      } catch (RuntimeException createdMeanwhile) {
        targets.find(Webhook.BUS_PREFIX + bus.get().name()).ifPresent(all::add);
      }
    }
    List<Webhook> due = all.stream().filter(w -> w.delivery().dueAt(now)).toList();
    if (due.isEmpty()) {
      return new Report(0, 0, 0);
    }
    log.settle(now, retention);
    List<Future<Report>> runs = new ArrayList<>();
    try (ExecutorService perTarget = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Webhook target : due) {
        runs.add(perTarget.submit(() -> deliver(target, deadline)));
      }
    }
    int delivered = 0;
    int failed = 0;
    int disabled = 0;
    for (Future<Report> run : runs) {
      if (run.state() != Future.State.SUCCESS) {
        failed++; // deliver() reports its own failures; this is one it could not (its lease lapses)
        continue;
      }
      Report r = run.resultNow();
      delivered += r.delivered();
      failed += r.failed();
      disabled += r.disabled();
    }
    return new Report(delivered, failed, disabled);
  }

  private Report deliver(Webhook target, Instant deadline) {
    Optional<WebhookRepository.Lease> lease = targets.claim(target.id(), clock.instant(), deadline.plus(LEASE_MARGIN));
    if (lease.isEmpty() || !lease.get().webhook().delivery().dueAt(clock.instant())) {
      lease.ifPresent(l -> targets.release(l, l.webhook().delivery()));
      return new Report(0, 0, 0);
    }
    Webhook webhook = lease.get().webhook();
    Progress progress;
    try {
      progress = webhook.isBus() ? toBus(webhook, deadline) : toWebhook(webhook, deadline);
    } catch (RuntimeException e) {
      // Not the target's failure (the store's, say): nothing of its state changes, and its lease
      // is freed now rather than held until it lapses.
      try {
        targets.release(lease.get(), webhook.delivery());
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    targets.release(lease.get(), progress.delivery);
    return progress.report;
  }

  private record Progress(WebhookDelivery delivery, Report report) {}

  private Progress toWebhook(Webhook webhook, Instant deadline) {
    WebhookDelivery d = webhook.delivery();
    int delivered = 0;
    URI url = URI.create(webhook.url());
    while (clock.instant().isBefore(deadline)) {
      List<Change> next;
      try {
        next = log.feed(d.cursor(), Optional.empty(), BATCH);
      } catch (RuntimeException storeFailed) {
        return new Progress(d, new Report(delivered, 0, 0)); // what was delivered stays delivered
      }
      if (next.isEmpty()) {
        break;
      }
      for (Change change : next) {
        if (!webhook.wants(change.type())) {
          d = d.passed(change.sequence());
          continue;
        }
        if (!clock.instant().isBefore(deadline)) {
          return new Progress(d, new Report(delivered, 0, 0));
        }
        Optional<String> failure = urls.refusal(url).or(() -> send(webhook, url, change));
        Instant now = clock.instant();
        if (failure.isEmpty()) {
          d = d.delivered(change.sequence(), now);
          delivered++;
        } else if (d.attempts() >= RETRIES.size()) {
          return new Progress(d.disabledAt(failure.get(), now), new Report(delivered, 1, 1));
        } else {
          return new Progress(d.failed(failure.get(), now.plus(RETRIES.get(d.attempts()))), new Report(delivered, 1, 0));
        }
      }
    }
    return new Progress(d, new Report(delivered, 0, 0));
  }

  private Optional<String> send(Webhook webhook, URI url, Change change) {
    String json = body.apply(change);
    long timestamp = clock.instant().getEpochSecond();
    Map<String, String> headers = Map.of(
        "content-type", "application/json",
        "user-agent", "Gatehouse-Webhooks/1",
        "webhook-id", change.id(),
        "webhook-timestamp", Long.toString(timestamp),
        "webhook-signature", WebhookSignature.sign(webhook.secret(), change.id(), timestamp, json));
    return transport.post(url, headers, json);
  }

  private Progress toBus(Webhook target, Instant deadline) {
    Bus to = bus.orElse(null);
    WebhookDelivery d = target.delivery();
    if (to == null) {
      return new Progress(d, new Report(0, 0, 0)); // a bus of another configuration: left as it is
    }
    int delivered = 0;
    while (clock.instant().isBefore(deadline)) {
      List<Change> next;
      try {
        next = log.feed(d.cursor(), Optional.empty(), to.maxBatch());
      } catch (RuntimeException storeFailed) {
        return new Progress(d, new Report(delivered, 0, 0)); // what was taken stays taken
      }
      if (next.isEmpty()) {
        break;
      }
      int taken;
      try {
        taken = to.publish(next);
      } catch (RuntimeException e) {
        // The bus's own error (its code and message name the bus and the call, never a change's data).
        String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new Progress(d.failed(why.length() > 300 ? why.substring(0, 300) : why, clock.instant().plus(RETRIES.getFirst())),
            new Report(delivered, 1, 0));
      }
      for (int i = 0; i < taken; i++) {
        d = d.delivered(next.get(i).sequence(), clock.instant());
        delivered++;
      }
      if (taken < next.size()) {
        return new Progress(d.failed("EventBridge refused an event", clock.instant().plus(RETRIES.getFirst())),
            new Report(delivered, 1, 0));
      }
    }
    return new Progress(d, new Report(delivered, 0, 0));
  }
}
