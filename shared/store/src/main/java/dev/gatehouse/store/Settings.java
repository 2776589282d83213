package dev.gatehouse.store;

import dev.gatehouse.permissions.MultiTenantMode;
import java.time.Instant;
import java.util.Optional;

/**
 * Application settings.
 *
 * @param multiTenantEnabled Stream's multi-tenant mode; off by default
 * @param updatedAt when they last changed (empty until first written)
 */
public record Settings(boolean multiTenantEnabled, Optional<Instant> updatedAt) {
  public static final Settings DEFAULTS = new Settings(false, Optional.empty());

  public MultiTenantMode mode() {
    return MultiTenantMode.of(multiTenantEnabled);
  }
}
