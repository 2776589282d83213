package dev.gatehouse.permissions;

import java.util.Set;

/**
 * The tenants a principal may reach for one action: every tenant (a global role's cross-team
 * grant) or a fixed set. Queries inject this set as their team filter.
 *
 * @param anyTenant true when every tenant is in reach
 * @param tenants the tenants in reach when {@code anyTenant} is false; may be empty
 */
public record TenantScope(boolean anyTenant, Set<TenantId> tenants) {
  public TenantScope {
    tenants = Set.copyOf(tenants);
  }

  static TenantScope all() {
    return new TenantScope(true, Set.of());
  }

  static TenantScope only(Set<TenantId> tenants) {
    return new TenantScope(false, tenants);
  }

  /** True when the tenant is in reach. */
  public boolean includes(TenantId tenant) {
    return anyTenant || tenants.contains(tenant);
  }
}
