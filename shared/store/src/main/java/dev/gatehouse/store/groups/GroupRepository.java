package dev.gatehouse.store.groups;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.permissions.TenantId;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Stored groups and, per tenant, which groups each user is a member of: what a connection check
 * reads to apply a room's {@code groupsAccesses} to stored members. Every write records its
 * change ({@code groupCreated}, {@code groupMembersChanged}, {@code groupDeleted}) in the same
 * transaction, and moves the group and its members' index together, so a check never sees a
 * member the group does not list.
 */
public interface GroupRepository {
  /**
   * The most members one write may add or remove, on every store: a DynamoDB transaction holds
   * 100 actions, and a write also puts the group and its change. The service splits a larger
   * change into writes of at most this many members, each one whole; a store refuses more with
   * {@link IllegalArgumentException}.
   */
  int MEMBER_CHANGES_PER_WRITE = 90;

  /** Refuses a write of more than {@link #MEMBER_CHANGES_PER_WRITE} member changes, as every store must. */
  static void requireFewChanges(int changes) {
    if (changes > MEMBER_CHANGES_PER_WRITE) {
      throw new IllegalArgumentException(changes + " member changes in one write");
    }
  }

  /**
   * Stores a new group with its members.
   *
   * @throws ConflictException {@code GROUP_ALREADY_EXISTS} when the id is taken, in any tenant
   */
  Group create(Group group);

  /** The group with this id, read strongly. */
  Optional<Group> find(String groupId);

  /**
   * Changes a group's members: {@code change} gets the stored group and returns it with its new
   * members (the same group for no change, which writes nothing). On a concurrent write the group
   * is read again and {@code change} applied again.
   *
   * @return the stored group, or empty when there is none
   * @throws ConflictException {@code CONCURRENT_UPDATE} when contention outlasts every retry
   */
  Optional<Group> update(String groupId, UnaryOperator<Group> change);

  /** Deletes a group and its members' index; returns the deleted group, or empty when there was none. */
  Optional<Group> delete(String groupId);

  /**
   * A page of the project's groups by id.
   *
   * @param startingAfter the id after which the page starts
   */
  GroupPage list(Optional<String> startingAfter, int limit);

  /** A page of the groups a user is a member of, in every tenant, by id. */
  GroupPage listOf(String userId, Optional<String> startingAfter, int limit);

  /**
   * The ids of the groups of {@code tenant} that list {@code userId} as a member, read strongly:
   * the connection check's read. One Query on DynamoDB.
   */
  Set<String> groupIdsOf(String userId, TenantId tenant);
}
