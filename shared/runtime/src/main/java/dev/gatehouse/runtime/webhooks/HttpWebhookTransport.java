package dev.gatehouse.runtime.webhooks;

import dev.gatehouse.service.webhooks.WebhookDispatcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Webhook requests with the JDK's HTTP client: no redirects followed (a 3xx is a failure, so a
 * delivery never lands where it was not registered), a bound on the whole exchange (connect,
 * headers and body), and the response body discarded.
 */
public final class HttpWebhookTransport implements WebhookDispatcher.Transport {
  /** How long one attempt may take, as Standard Webhooks senders allow. */
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  // Built on first use: a client starts its selector thread when built, which no function but the
  // dispatcher should pay for (nor carry into a snapshot).
  private final dev.gatehouse.runtime.Lazy<HttpClient> client = dev.gatehouse.runtime.Lazy.of(() -> HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build());

  @Override
  public Optional<String> post(URI url, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach((name, value) -> {
      if (!name.equals("content-length")) {
        request.header(name, value);
      }
    });
    java.util.concurrent.CompletableFuture<HttpResponse<Void>> exchange;
    try {
      // The request's own timeout bounds only the wait for the headers; the whole exchange (a
      // body trickled a byte at a time included) is bounded here, and abandoned when it is up.
      exchange = client.get().sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IllegalArgumentException e) {
      return Optional.of("the request could not be made: " + e.getClass().getSimpleName());
    }
    try {
      int status = exchange.get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).statusCode();
      return status >= 200 && status < 300 ? Optional.empty() : Optional.of("HTTP " + status);
    } catch (java.util.concurrent.TimeoutException e) {
      exchange.cancel(true);
      return Optional.of("timed out after " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return Optional.of("timed out after " + TIMEOUT.toSeconds() + " s");
      }
      if (cause instanceof java.net.ConnectException) {
        return Optional.of("connection refused");
      }
      if (cause instanceof IOException) {
        return Optional.of("network error: " + cause.getClass().getSimpleName());
      }
      return Optional.of("the request could not be made: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()));
    }
  }
}
