package dev.gatehouse.store.sql;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.RateCounter;
import dev.gatehouse.store.RateLimits;
import java.sql.PreparedStatement;

/**
 * A tenant's counter per bucket and minute, in {@code rate_counters}: one upsert that counts only
 * while under the limit. Windows older than five minutes are dropped as new windows open.
 */
final class SqlRateCounter implements RateCounter {
  private final SqlStore store;

  SqlRateCounter(SqlStore store) {
    this.store = store;
  }

  @Override
  public boolean tryAcquire(TenantId tenant, RateLimits.Bucket bucket, long window, int limit) {
    return store.transaction("count a request against its quota", s -> {
      PreparedStatement prune = s.statement("DELETE FROM rate_counters WHERE window < ?");
      prune.setLong(1, window - 5);
      prune.executeUpdate();
      PreparedStatement count = s.statement("INSERT INTO rate_counters (tenant, bucket, window, count) VALUES (?, ?, ?, 1) "
          + "ON CONFLICT (tenant, bucket, window) DO UPDATE SET count = count + 1 WHERE count < ?");
      count.setString(1, tenant.value());
      count.setString(2, bucket.key());
      count.setLong(3, window);
      count.setInt(4, limit);
      return count.executeUpdate() == 1;
    });
  }
}
