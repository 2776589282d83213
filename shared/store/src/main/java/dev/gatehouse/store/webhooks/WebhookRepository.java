package dev.gatehouse.store.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registered webhooks and the bus's delivery target, with their delivery state. Registering
 * and removing a webhook record their change (audit only) in the same transaction. Delivery is
 * one dispatcher per target at a time: it {@link #claim claims} a lease, delivers, and {@link
 * #release releases} it with the new state, which lands only while the lease is still its own.
 */
public interface WebhookRepository {
  /** Stores a new target (a webhook's registration is recorded as a change; the bus's is not). */
  Webhook create(Webhook webhook);

  /** Every target, oldest first. */
  List<Webhook> list();

  Optional<Webhook> find(String id);

  /** Removes a webhook, recording the change; empty when there was none. */
  Optional<Webhook> delete(String id);

  /**
   * Takes the target's lease until {@code until}, unless another holds one at {@code now}.
   *
   * @return the target as stored, with the lease's token; empty when it is held or gone
   */
  Optional<Lease> claim(String id, Instant now, Instant until);

  /**
   * Stores the delivery state and frees the lease, only if the lease is still this one.
   *
   * @return false when the lease was lost (expired and taken) or the target removed
   */
  boolean release(Lease lease, WebhookDelivery delivery);

  /** A held lease on a target. */
  record Lease(Webhook webhook, String token) {}
}
