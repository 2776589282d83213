package dev.gatehouse.store.changes;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.telemetry.Actor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A change recorded with the write that made it: written in the same transaction, so a write
 * that did not commit records nothing and one that did is never lost.
 *
 * @param id unique and stable (the webhook delivery's {@code webhook-id})
 * @param type what changed
 * @param at when (the write's time, millisecond precision)
 * @param tenant the organization it belongs to; empty for a project-wide change (settings, a user)
 * @param subject the room id, user id or organization id changed ({@code "settings"} for the settings)
 * @param data what the event says: plain JSON values (strings, booleans, numbers, lists, maps)
 * @param actor who made it
 * @param sequence its position in the change feed: increasing in commit order, 0 until placed
 */
public record Change(String id, ChangeType type, Instant at, Optional<TenantId> tenant, String subject,
    Map<String, Object> data, Actor actor, long sequence) {
  public Change {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    at = at.truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(subject, "subject");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    Objects.requireNonNull(actor, "actor");
  }

  public Change placedAt(long newSequence) {
    return new Change(id, type, at, tenant, subject, data, actor, newSequence);
  }
}
