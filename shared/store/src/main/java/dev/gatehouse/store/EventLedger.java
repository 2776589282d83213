package dev.gatehouse.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What provisioning remembers between events, each record expiring on its own (DynamoDB TTL):
 * the ids of events already processed, and tombstones of deleted users, rooms and tenants, so
 * that an older event arriving after a delete cannot bring the entity back (nor a user into a
 * deleted tenant).
 */
public interface EventLedger {
  /** The kinds of entity a tombstone is kept for. */
  enum Kind {
    ROOM,
    USER,
    TENANT
  }

  /** True when this event id was processed already. One GetItem. */
  boolean processed(String eventId);

  /** Records an event id as processed, kept until {@code expiresAt}. One PutItem. */
  void markProcessed(String eventId, String type, Instant expiresAt);

  /** When the entity was deleted by an event, if a tombstone is kept. One GetItem. */
  Optional<Instant> deletedAt(Kind kind, String id);

  /** Keeps a tombstone; a newer one already there stays. One conditional PutItem. */
  void markDeleted(Kind kind, String id, Instant deletedAt, Instant expiresAt);
}
