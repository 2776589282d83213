package dev.gatehouse.store;

import dev.gatehouse.permissions.TenantId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which users to list: all of them, or the members of some teams ({@link TenantId#DEFAULT}
 * standing for users without a team), filtered, in an order.
 */
public record UserListing(Source source, Predicate<User> filter, int limit, Optional<String> after, Ordering order) {
  public UserListing {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(order, "order");
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be 1..100");
    }
  }

  public sealed interface Source {}

  /** Every user. */
  public record AllUsers() implements Source {}

  /** The members of these teams; {@link TenantId#DEFAULT} lists users without a team. */
  public record Teams(Set<TenantId> teams) implements Source {
    public Teams {
      teams = Set.copyOf(teams);
    }
  }
}
