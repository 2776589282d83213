package dev.gatehouse.store.groups;

import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stored group (Liveblocks' {@code GroupData}): its members are resolved when a connection is
 * checked, so adding or removing one changes access at the next check, without a new token.
 *
 * @param id unique in the project (1 to 40 characters, like a {@code groupsAccesses} key)
 * @param tenant the one tenant it belongs to; it grants only in that tenant's rooms
 * @param createdAt when it was created (millisecond precision)
 * @param updatedAt when its members last changed
 * @param mention its {@code scopes.mention}: whether it can be mentioned (Liveblocks' only scope)
 * @param members each member's id and when it was added, oldest first
 * @param version increases with every write, for optimistic concurrency
 */
public record Group(String id, TenantId tenant, Instant createdAt, Instant updatedAt, boolean mention,
    Map<String, Instant> members, long version) {
  public Group {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
    members = ordered(members);
  }

  /** Members oldest first, then by id: the order every store returns them in. */
  private static Map<String, Instant> ordered(Map<String, Instant> members) {
    Map<String, Instant> sorted = new LinkedHashMap<>();
    members.entrySet().stream()
        .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
        .forEach(e -> sorted.put(e.getKey(), e.getValue().truncatedTo(ChronoUnit.MILLIS)));
    return Collections.unmodifiableMap(sorted);
  }

  /** This group with these members, updated at {@code at}, one version on. */
  public Group withMembers(Map<String, Instant> newMembers, Instant at) {
    return new Group(id, tenant, createdAt, at, mention, newMembers, version + 1);
  }
}
