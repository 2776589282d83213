package dev.gatehouse.service.access;

import dev.gatehouse.access.ConnectionCheck;
import dev.gatehouse.access.Revocation;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.AccessReads;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.UserStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Revocation cutoffs and deactivation read from Gatehouse's store, strongly, in one request: what
 * Gatehouse's own checks use, and what a Java realtime server embedding {@link ConnectionCheck}
 * gives it when it can read Gatehouse's table ({@code new ConnectionCheck(verifier, rooms,
 * memberships, mode, new StoreRevocations(DynamoDbRepositories.of(...).accessReads()))}).
 */
public final class StoreRevocations implements ConnectionCheck.Revocations {
  private final AccessReads reads;

  public StoreRevocations(AccessReads reads) {
    this.reads = reads;
  }

  @Override
  public Revocation of(String userId, Set<TenantId> tenants) {
    return from(reads.read(new AccessReads.Request(userId, false, true, tenants, Optional.empty())));
  }

  /** The cutoffs a snapshot holds: every tenant it read counts as known, with or without a cutoff. */
  static Revocation from(AccessReads.Snapshot snapshot) {
    UserStatus status = snapshot.status();
    Map<TenantId, Instant> cutoffs = new HashMap<>();
    snapshot.tenantCutoffs().forEach((tenant, cutoff) -> cutoff.ifPresent(c -> cutoffs.put(tenant, c)));
    return new Revocation(snapshot.settings().flatMap(Settings::revokeTokensIssuedBefore), status.revokeTokensIssuedBefore(),
        cutoffs, status.deactivated(), snapshot.tenantCutoffs().keySet());
  }
}
