package dev.gatehouse.store;

import dev.gatehouse.errors.ConflictException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Users, in domain terms. Every method either answers or throws: a storage failure is a {@code
 * StorageException}, never an empty result.
 */
public interface UserRepository {

  /** The user with this id. One GetItem. */
  Optional<User> find(String userId);

  /**
   * Writes a user: {@code change} gets the current user (empty if there is none) and returns the
   * user to store. On a concurrent write the user is read again and {@code change} applied again;
   * {@code change} may throw to reject the write, and nothing is written then.
   *
   * @return the stored user
   * @throws ConflictException {@code CONCURRENT_UPDATE} when contention outlasts every retry
   */
  User write(String userId, Function<Optional<User>, User> change);

  /** Deletes the user; returns the deleted user, or empty when there was none. */
  Optional<User> delete(String userId);

  /**
   * Up to {@code limit} ids of users with a membership item in a team's partition (by id): tenant
   * offboarding works through them. One Query.
   */
  java.util.List<String> memberIdsOf(dev.gatehouse.permissions.TenantId team, int limit);

  /**
   * Removes a membership item left behind for a user who is no longer in the team. One
   * conditional DeleteItem; a membership a newer write of the user made stays.
   */
  void forgetMembership(dev.gatehouse.permissions.TenantId team, String userId);

  /** A page of users. */
  UserPage list(UserListing listing);
}
