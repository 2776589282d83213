package dev.gatehouse.functions.webhooks;

import com.amazonaws.services.lambda.runtime.Context;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.runtime.MapHandler;
import dev.gatehouse.service.webhooks.WebhookDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Delivers the change log: to every webhook (signed, in commit order, with retries) and to the
 * stack's EventBridge bus. Run by a schedule every minute and by the table's stream whenever a
 * write records a change; whatever the event, it delivers what is due and returns (a delivery that
 * failed waits for its retry; nothing is thrown for it, so a stream batch is never retried for an
 * endpoint's failure).
 */
public final class WebhookDispatchHandler extends MapHandler {
  /** The most one run delivers for: the function's timeout leaves room past it for the last attempt. */
  static final Duration RUN = Duration.ofSeconds(60);
  /** What a run leaves of the invocation's time: the last attempt's timeout, and releasing the leases. */
  static final Duration RESERVE = Duration.ofSeconds(25);
  private final Supplier<WebhookDispatcher> dispatcher;

  public WebhookDispatchHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public WebhookDispatchHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.dispatcher = gatehouse.webhooks()::dispatcher;
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> event, Context context) {
    Instant now = Instant.now();
    long remaining = context == null ? RUN.toMillis() : context.getRemainingTimeInMillis() - RESERVE.toMillis();
    Instant deadline = now.plusMillis(Math.max(1_000, Math.min(RUN.toMillis(), remaining)));
    WebhookDispatcher.Report report = dispatcher.get().run(deadline);
    return Map.of("delivered", report.delivered(), "failed", report.failed(), "disabled", report.disabled());
  }
}
