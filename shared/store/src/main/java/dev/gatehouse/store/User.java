package dev.gatehouse.store;

import dev.gatehouse.permissions.Membership;
import dev.gatehouse.permissions.Role;
import dev.gatehouse.permissions.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A user as stored: created and changed server-side only (Stream's multi-tenant rule).
 *
 * @param id the user id
 * @param name an optional display name
 * @param role the user's role
 * @param teams the user's teams, in the order given; empty for a user without teams
 * @param teamsRole a role within particular teams (keys are among {@code teams})
 * @param metadata string or list-of-string values
 * @param createdAt when the user was first written
 * @param updatedAt when the user last changed
 * @param version 0 before the first write; incremented by every write
 * @param lastEventAt when the last provisioning event applied to it happened
 */
public record User(
    String id,
    Optional<String> name,
    Role role,
    List<TenantId> teams,
    Map<TenantId, Role> teamsRole,
    Map<String, Object> metadata,
    Instant createdAt,
    Instant updatedAt,
    long version,
    Optional<Instant> lastEventAt) {

  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    teams = List.copyOf(new LinkedHashSet<>(teams));
    teamsRole = Collections.unmodifiableMap(new LinkedHashMap<>(teamsRole));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    // Stored with millisecond precision: hold them that way, so a written user equals a read one.
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
    lastEventAt = lastEventAt.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A user no provisioning event has touched. */
  public User(String id, Optional<String> name, Role role, List<TenantId> teams, Map<TenantId, Role> teamsRole,
      Map<String, Object> metadata, Instant createdAt, Instant updatedAt, long version) {
    this(id, name, role, teams, teamsRole, metadata, createdAt, updatedAt, version, Optional.empty());
  }

  /** The teams and roles the permission module decides with. */
  public Membership membership() {
    return new Membership(Set.copyOf(teams), role, teamsRole);
  }

  /** The tenants whose partitions list this user: its teams, or the default tenant without any. */
  public Set<TenantId> listedUnder() {
    return teams.isEmpty() ? Set.of(TenantId.DEFAULT) : new LinkedHashSet<>(teams);
  }

  public User withVersion(long newVersion) {
    return new User(id, name, role, teams, teamsRole, metadata, createdAt, updatedAt, newVersion, lastEventAt);
  }

  /**
   * What a write of user {@code userId} stores: {@code changed} as the version after {@code
   * current} (the first, when there is none). Every store applies this one rule.
   *
   * @throws IllegalArgumentException when the change altered the user's id or creation time
   */
  public static User nextVersion(String userId, Optional<User> current, User changed) {
    if (!changed.id().equals(userId) || current.isPresent() && !changed.createdAt().equals(current.get().createdAt())) {
      throw new IllegalArgumentException("a write cannot change a user's id or creation time");
    }
    return changed.withVersion(current.map(User::version).orElse(0L) + 1);
  }

  /** The same user, marked as changed by an event that happened at {@code at}. */
  public User withLastEventAt(Instant at) {
    return new User(id, name, role, teams, teamsRole, metadata, createdAt, updatedAt, version, Optional.of(at));
  }

  /** The same user in other teams (roles for teams left go with them). */
  public User withTeams(List<TenantId> newTeams, Instant now) {
    Map<TenantId, Role> roles = new LinkedHashMap<>(teamsRole);
    roles.keySet().retainAll(new LinkedHashSet<>(newTeams));
    return new User(id, name, role, newTeams, roles, metadata, createdAt, now, version, lastEventAt);
  }
}
