package dev.gatehouse.service.groups;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.groups.Group;
import dev.gatehouse.store.groups.GroupPage;
import dev.gatehouse.store.groups.GroupRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Liveblocks' groups API on stored groups: create, read, add and remove members, delete, list.
 * Input is checked whole before anything is written. A call that changes more members than one
 * store write holds ({@link GroupRepository#MEMBER_CHANGES_PER_WRITE}) is split into writes, each
 * one whole (the group and its members' index move together in every one).
 */
public final class GroupService {
  /** The most member ids one call may send. */
  public static final int MEMBER_IDS_PER_CALL_MAX = 100;
  /** The most members a group may have: its members are stored in one item (DynamoDB: 400 KB). */
  public static final int MEMBERS_MAX = 1_000;
  /** Groups listed by id, ascending. */
  private static final Ordering BY_ID = new Ordering(Ordering.Field.ID, false);

  private final GroupRepository groups;
  private final Clock clock;

  public GroupService(GroupRepository groups, Clock clock) {
    this.groups = groups;
    this.clock = clock;
  }

  /**
   * Creates a group.
   *
   * @param mention {@code scopes.mention}; Liveblocks' default is {@code true}
   * @throws dev.gatehouse.errors.ConflictException {@code GROUP_ALREADY_EXISTS}
   */
  public Group create(String groupId, List<String> memberIds, Optional<String> organizationId, boolean mention) {
    Limits.requireGroupId(groupId, "id");
    TenantId tenant = TenantId.parse(organizationId.orElse(null), "organizationId");
    List<String> ids = requireMemberIds(memberIds);
    Instant now = clock.instant();
    Map<String, Instant> first = new LinkedHashMap<>();
    ids.subList(0, Math.min(ids.size(), GroupRepository.MEMBER_CHANGES_PER_WRITE)).forEach(id -> first.put(id, now));
    Group created = groups.create(new Group(groupId, tenant, now, now, mention, first, 1));
    List<String> rest = ids.subList(first.size(), ids.size());
    return rest.isEmpty() ? created : add(groupId, rest, now);
  }

  /** @throws NotFoundException {@code GROUP_NOT_FOUND} */
  public Group get(String groupId) {
    return groups.find(groupId).orElseThrow(() -> notFound(groupId));
  }

  /**
   * Adds members; one already in the group keeps its first {@code addedAt}.
   *
   * @throws InvalidInputException {@code INVALID_MEMBERS} when the group would pass {@value #MEMBERS_MAX}
   */
  public Group addMembers(String groupId, List<String> memberIds) {
    List<String> ids = requireMemberIds(memberIds);
    Group current = get(groupId);
    long growth = ids.stream().filter(id -> !current.members().containsKey(id)).count();
    requireRoom(current.members().size() + growth);
    return ids.isEmpty() ? current : add(groupId, ids, clock.instant());
  }

  private Group add(String groupId, List<String> ids, Instant at) {
    Group result = null;
    for (List<String> chunk : chunks(ids)) {
      result = groups.update(groupId, g -> {
        Map<String, Instant> next = new LinkedHashMap<>(g.members());
        chunk.forEach(id -> next.putIfAbsent(id, at));
        requireRoom(next.size());
        return g.withMembers(next, at);
      }).orElseThrow(() -> notFound(groupId));
    }
    return result;
  }

  /** Removes members; removing one who is not a member changes nothing. */
  public Group removeMembers(String groupId, List<String> memberIds) {
    List<String> ids = requireMemberIds(memberIds);
    if (ids.isEmpty()) {
      return get(groupId);
    }
    Group result = null;
    Instant at = clock.instant();
    for (List<String> chunk : chunks(ids)) {
      result = groups.update(groupId, g -> {
        Map<String, Instant> next = new LinkedHashMap<>(g.members());
        chunk.forEach(next::remove);
        return g.withMembers(next, at);
      }).orElseThrow(() -> notFound(groupId));
    }
    return result;
  }

  /** @throws NotFoundException {@code GROUP_NOT_FOUND} */
  public void delete(String groupId) {
    groups.delete(groupId).orElseThrow(() -> notFound(groupId));
  }

  /** A page of the project's groups, by id. */
  public Page list(int limit, Optional<String> startingAfter) {
    requireLimit(limit);
    GroupPage page = groups.list(startingAfter.map(c -> Cursors.decode(c, BY_ID)), limit);
    return new Page(page.groups(), page.nextCursor().map(p -> Cursors.encode(BY_ID, p)));
  }

  /** A page of the groups a user is a member of, in any tenant, by id. */
  public Page listOf(String userId, int limit, Optional<String> startingAfter) {
    Limits.requireUserId(userId, "userId");
    requireLimit(limit);
    GroupPage page = groups.listOf(userId, startingAfter.map(c -> Cursors.decode(c, BY_ID)), limit);
    return new Page(page.groups(), page.nextCursor().map(p -> Cursors.encode(BY_ID, p)));
  }

  /** A page of groups and the opaque cursor of the next one. */
  public record Page(List<Group> groups, Optional<String> nextCursor) {}

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > 100) {
      throw new InvalidInputException(ErrorCode.INVALID_LIMIT, "limit", "limit must be between 1 and 100; got " + limit,
          "Leave limit out for the default of 20.");
    }
  }

  /** Each id checked, duplicates dropped (first kept), at most {@value #MEMBER_IDS_PER_CALL_MAX}. */
  private static List<String> requireMemberIds(List<String> memberIds) {
    if (memberIds.size() > MEMBER_IDS_PER_CALL_MAX) {
      throw new InvalidInputException(ErrorCode.INVALID_MEMBERS, "memberIds",
          "memberIds has " + memberIds.size() + " ids; the limit is " + MEMBER_IDS_PER_CALL_MAX + " per call",
          "Send the members in calls of at most " + MEMBER_IDS_PER_CALL_MAX + " ids (add-members adds to what is there).");
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < memberIds.size(); i++) {
      ids.add(Limits.requireUserId(memberIds.get(i), "memberIds[" + i + "]"));
    }
    return List.copyOf(ids);
  }

  private static void requireRoom(long members) {
    if (members > MEMBERS_MAX) {
      throw new InvalidInputException(ErrorCode.INVALID_MEMBERS, "memberIds",
          "the group would have " + members + " members; the limit is " + MEMBERS_MAX,
          "Split the members into several groups, and give each group its own groupsAccesses entry.");
    }
  }

  private static List<List<String>> chunks(List<String> ids) {
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += GroupRepository.MEMBER_CHANGES_PER_WRITE) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + GroupRepository.MEMBER_CHANGES_PER_WRITE)));
    }
    return chunks;
  }

  private static NotFoundException notFound(String groupId) {
    return new NotFoundException(ErrorCode.GROUP_NOT_FOUND, "Group \"" + groupId + "\" not found.",
        "Check the group ID, or create the group with POST /v2/groups.");
  }
}
