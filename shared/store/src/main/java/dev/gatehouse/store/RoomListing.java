package dev.gatehouse.store;

import dev.gatehouse.permissions.TenantId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which rooms to list, in which order.
 *
 * <p>The source decides which index is read: all rooms, the rooms of some tenants, or the rooms
 * where a user or any of some groups has an entry. The filter is applied to each room read from
 * the source. A page may hold fewer than {@code limit} rooms with a cursor when the filter rejects
 * many rooms: each request reads a bounded number of rooms.
 *
 * @param source where to read
 * @param filter which rooms of the source to return
 * @param limit at most this many rooms, 1 to 100
 * @param after the cursor of the previous page
 * @param order newest first, or by id; {@link Members} lists newest first only
 */
public record RoomListing(Source source, Predicate<Room> filter, int limit, Optional<String> after, Ordering order) {

  public RoomListing {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(order, "order");
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be 1..100");
    }
    if (source instanceof Members && !order.equals(Ordering.NEWEST_FIRST)) {
      throw new IllegalArgumentException("rooms of a user or group are listed newest first only");
    }
  }

  /** Newest first. */
  public RoomListing(Source source, Predicate<Room> filter, int limit, Optional<String> after) {
    this(source, filter, limit, after, Ordering.NEWEST_FIRST);
  }

  /** Where a listing reads from. */
  public sealed interface Source {}

  /** Every room. */
  public record AllRooms() implements Source {}

  /** The rooms of these tenants (merged newest first). */
  public record Tenants(Set<TenantId> tenants) implements Source {
    public Tenants {
      tenants = Set.copyOf(tenants);
    }
  }

  /**
   * The rooms where the user has an entry in usersAccesses, or any of the groups in
   * groupsAccesses (a union, as Liveblocks does).
   */
  public record Members(Optional<String> userId, Set<String> groupIds) implements Source {
    public Members {
      Objects.requireNonNull(userId, "userId");
      groupIds = Set.copyOf(groupIds);
    }
  }
}
