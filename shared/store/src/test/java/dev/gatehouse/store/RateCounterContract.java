package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.permissions.TenantId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The behaviour every {@link RateCounter} backend must show; extended once per backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RateCounterContract {
  private static final AtomicLong WINDOWS = new AtomicLong(29_000_000);
  protected RateCounter counter;
  private StoreBackend backend;

  protected abstract StoreBackend backend();

  /**
   * Why this backend cannot show that concurrent conditional writes are atomic, if it cannot (an
   * emulator that runs requests on threads without item locks); empty for a backend that can.
   */
  protected java.util.Optional<String> cannotShowAtomicWrites() {
    return java.util.Optional.empty();
  }

  @BeforeAll
  void openStore() {
    backend = backend();
    counter = backend.open(Clock.systemUTC()).rateCounter();
  }

  @AfterAll
  void closeStore() {
    if (backend != null) {
      backend.close();
    }
  }

  /** A window no other test of this class uses. */
  private static long window() {
    return WINDOWS.addAndGet(10);
  }

  @Test
  void aWindowCountsUpToItsLimitAndNoFurther() {
    long window = window();
    TenantId acme = new TenantId("acme");
    for (int i = 0; i < 3; i++) {
      assertTrue(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_QUERIES, window, 3), "request " + (i + 1));
    }
    assertFalse(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_QUERIES, window, 3));
    assertFalse(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_QUERIES, window, 3), "a refusal counts nothing either");
    assertTrue(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_QUERIES, window, 4), "a raised limit applies at once");
  }

  @Test
  void tenantsBucketsAndWindowsCountApart() {
    long window = window();
    TenantId acme = new TenantId("acme");
    TenantId globex = new TenantId("globex");
    assertTrue(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_ROOM_CREATES, window, 1));
    assertFalse(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_ROOM_CREATES, window, 1));
    assertTrue(counter.tryAcquire(globex, RateLimits.Bucket.CLIENT_ROOM_CREATES, window, 1), "another tenant's quota is its own");
    assertTrue(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_QUERIES, window, 1), "another bucket");
    assertTrue(counter.tryAcquire(acme, RateLimits.Bucket.CLIENT_ROOM_CREATES, window + 1, 1), "the next minute");
  }

  @Test
  void concurrentRequestsNeverCountPastTheLimit() throws Exception {
    cannotShowAtomicWrites().ifPresent(reason -> System.out.println("skip " + getClass().getName() + ".concurrentRequestsNeverCountPastTheLimit: " + reason));
    org.junit.jupiter.api.Assumptions.assumeTrue(cannotShowAtomicWrites().isEmpty(), () -> cannotShowAtomicWrites().get());
    long window = window();
    TenantId tenant = new TenantId("busy");
    int limit = 25;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        outcomes.add(pool.submit(() -> counter.tryAcquire(tenant, RateLimits.Bucket.CLIENT_QUERIES, window, limit)));
      }
      int admitted = 0;
      for (Future<Boolean> outcome : outcomes) {
        admitted += outcome.get() ? 1 : 0;
      }
      assertEquals(limit, admitted);
    } finally {
      pool.shutdownNow();
    }
  }
}
