package dev.gatehouse.local;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local server on a free loopback port with a fixed secret key, and a client for it, for the
 * HTTP tests: {@code @RegisterExtension static final ServedGatehouse served = new ServedGatehouse(KEY);}
 * starts it before the class's tests and stops it after them.
 */
final class ServedGatehouse implements BeforeAllCallback, AfterAllCallback {
  private final String secretKey;
  private final Clock clock;
  private LocalGatehouse local;
  private LocalServer server;
  private Api api;

  ServedGatehouse(String secretKey) {
    this(secretKey, Clock.systemUTC());
  }

  /** A server whose handlers read {@code clock}: tests that compare answers across runs fix it. */
  ServedGatehouse(String secretKey, Clock clock) {
    this.secretKey = secretKey;
    this.clock = clock;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.of(secretKey), List.of(), clock);
    server = LocalServer.start(local, "127.0.0.1", 0);
    api = new Api(server.baseUri(), secretKey);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
    local.close();
  }

  LocalGatehouse local() {
    return local;
  }

  LocalServer server() {
    return server;
  }

  Api api() {
    return api;
  }
}
