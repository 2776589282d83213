package dev.gatehouse.store;

import dev.gatehouse.permissions.TenantId;

/**
 * Counters of a tenant's requests per fixed window (a minute), shared by every container: what
 * the per-tenant quotas are enforced with. A window's counter lives a little longer than the
 * window, then expires.
 */
public interface RateCounter {
  /**
   * Counts one request of {@code tenant} in {@code bucket} for the window {@code window} (the
   * minute since the epoch), unless that window already counted {@code limit}: then nothing is
   * counted and the answer is false. Atomic: concurrent callers never count past the limit.
   * One conditional UpdateItem on DynamoDB.
   */
  boolean tryAcquire(TenantId tenant, RateLimits.Bucket bucket, long window, int limit);
}
