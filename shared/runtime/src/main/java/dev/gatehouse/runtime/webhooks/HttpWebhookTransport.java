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
 * delivery never lands where it was not registered), bounded connect and response times, and the
 * response body discarded unread.
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
    try {
      int status = client.get().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300 ? Optional.empty() : Optional.of("HTTP " + status);
    } catch (java.net.http.HttpTimeoutException e) {
      return Optional.of("timed out after " + TIMEOUT.toSeconds() + " s");
    } catch (java.net.ConnectException e) {
      return Optional.of("connection refused");
    } catch (IOException e) {
      return Optional.of("network error: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (IllegalArgumentException e) {
      return Optional.of("the request could not be made: " + e.getClass().getSimpleName());
    }
  }
}
