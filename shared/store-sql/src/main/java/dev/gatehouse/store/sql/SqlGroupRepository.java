package dev.gatehouse.store.sql;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.StoreErrors;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.store.groups.Group;
import dev.gatehouse.store.groups.GroupPage;
import dev.gatehouse.store.groups.GroupRepository;
import dev.gatehouse.telemetry.Actor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Groups in {@code groups} and their members in {@code group_members}, each write one transaction
 * with its change; the store's single writer makes every read-modify-write serial.
 */
final class SqlGroupRepository implements GroupRepository {
  private final SqlStore store;

  SqlGroupRepository(SqlStore store) {
    this.store = store;
  }

  @Override
  public Group create(Group group) {
    GroupRepository.requireFewChanges(group.members().size());
    return store.transaction("create a group", s -> {
      if (find(s, group.id()).isPresent()) {
        throw StoreErrors.groupExists(group.id());
      }
      PreparedStatement insert = s.statement(
          "INSERT INTO groups (id, tenant, created_at, updated_at, mention, version) VALUES (?, ?, ?, ?, ?, ?)");
      insert.setString(1, group.id());
      insert.setString(2, group.tenant().value());
      insert.setString(3, Positions.timestamp(group.createdAt()));
      insert.setString(4, Positions.timestamp(group.updatedAt()));
      insert.setInt(5, group.mention() ? 1 : 0);
      insert.setLong(6, group.version());
      insert.executeUpdate();
      for (Map.Entry<String, Instant> member : group.members().entrySet()) {
        addMember(s, group, member.getKey(), member.getValue());
      }
      SqlChangeLog.record(s, Changes.ofGroup(Optional.empty(), Optional.of(group), s.clock.instant(), Actor.current()));
      return group;
    });
  }

  private static void addMember(SqlStore s, Group group, String userId, Instant addedAt) throws SQLException {
    PreparedStatement insert = s.statement("INSERT INTO group_members (group_id, user_id, tenant, added_at) VALUES (?, ?, ?, ?)");
    insert.setString(1, group.id());
    insert.setString(2, userId);
    insert.setString(3, group.tenant().value());
    insert.setString(4, Positions.timestamp(addedAt));
    insert.executeUpdate();
  }

  @Override
  public Optional<Group> find(String groupId) {
    return store.read("read a group", s -> find(s, groupId));
  }

  private static Optional<Group> find(SqlStore s, String groupId) throws SQLException {
    PreparedStatement q = s.statement("SELECT id, tenant, created_at, updated_at, mention, version FROM groups WHERE id = ?");
    q.setString(1, groupId);
    List<Group> found = groups(s, q);
    return found.stream().findFirst();
  }

  /** The groups a query selects, each with its members. */
  private static List<Group> groups(SqlStore s, PreparedStatement q) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getLong(6)});
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Object[] row : rows) {
      String id = (String) row[0];
      groups.add(new Group(id, new TenantId((String) row[1]), Instant.parse((String) row[2]), Instant.parse((String) row[3]),
          ((Integer) row[4]) == 1, members(s, id), (Long) row[5]));
    }
    return groups;
  }

  private static Map<String, Instant> members(SqlStore s, String groupId) throws SQLException {
    PreparedStatement q = s.statement("SELECT user_id, added_at FROM group_members WHERE group_id = ?");
    q.setString(1, groupId);
    Map<String, Instant> members = new LinkedHashMap<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        members.put(rs.getString(1), Instant.parse(rs.getString(2)));
      }
    }
    return members;
  }

  @Override
  public Optional<Group> update(String groupId, UnaryOperator<Group> change) {
    return store.transaction("update a group", s -> {
      Optional<Group> found = find(s, groupId);
      if (found.isEmpty()) {
        return found;
      }
      Group current = found.get();
      Group next = change.apply(current);
      if (next.members().equals(current.members())) {
        return found;
      }
      Set<String> removed = new LinkedHashSet<>(current.members().keySet());
      removed.removeAll(next.members().keySet());
      Set<String> added = new LinkedHashSet<>(next.members().keySet());
      added.removeAll(current.members().keySet());
      GroupRepository.requireFewChanges(removed.size() + added.size());
      Group stored = new Group(current.id(), current.tenant(), current.createdAt(), next.updatedAt(), current.mention(),
          next.members(), current.version() + 1);
      PreparedStatement update = s.statement("UPDATE groups SET updated_at = ?, version = ? WHERE id = ?");
      update.setString(1, Positions.timestamp(stored.updatedAt()));
      update.setLong(2, stored.version());
      update.setString(3, groupId);
      update.executeUpdate();
      for (String userId : removed) {
        PreparedStatement delete = s.statement("DELETE FROM group_members WHERE group_id = ? AND user_id = ?");
        delete.setString(1, groupId);
        delete.setString(2, userId);
        delete.executeUpdate();
      }
      for (String userId : added) {
        addMember(s, stored, userId, stored.members().get(userId));
      }
      SqlChangeLog.record(s, Changes.ofGroup(found, Optional.of(stored), s.clock.instant(), Actor.current()));
      return Optional.of(stored);
    });
  }

  @Override
  public Optional<Group> delete(String groupId) {
    return store.transaction("delete a group", s -> {
      Optional<Group> found = find(s, groupId);
      if (found.isPresent()) {
        PreparedStatement members = s.statement("DELETE FROM group_members WHERE group_id = ?");
        members.setString(1, groupId);
        members.executeUpdate();
        PreparedStatement delete = s.statement("DELETE FROM groups WHERE id = ?");
        delete.setString(1, groupId);
        delete.executeUpdate();
        SqlChangeLog.record(s, Changes.ofGroup(found, Optional.empty(), s.clock.instant(), Actor.current()));
      }
      return found;
    });
  }

  @Override
  public GroupPage list(Optional<String> startingAfter, int limit) {
    return store.read("list the groups", s -> {
      PreparedStatement q = s.statement("SELECT id, tenant, created_at, updated_at, mention, version FROM groups"
          + " WHERE id > ? ORDER BY id LIMIT ?");
      q.setString(1, startingAfter.orElse(""));
      q.setInt(2, limit + 1);
      return page(groups(s, q), limit);
    });
  }

  @Override
  public GroupPage listOf(String userId, Optional<String> startingAfter, int limit) {
    return store.read("list a user's groups", s -> {
      PreparedStatement q = s.statement("SELECT g.id, g.tenant, g.created_at, g.updated_at, g.mention, g.version"
          + " FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ? AND m.group_id > ?"
          + " ORDER BY m.group_id LIMIT ?");
      q.setString(1, userId);
      q.setString(2, startingAfter.orElse(""));
      q.setInt(3, limit + 1);
      return page(groups(s, q), limit);
    });
  }

  private static GroupPage page(List<Group> read, int limit) {
    if (read.size() <= limit) {
      return new GroupPage(read, Optional.empty());
    }
    List<Group> page = read.subList(0, limit);
    return new GroupPage(page, Optional.of(page.get(limit - 1).id()));
  }

  @Override
  public Set<String> groupIdsOf(String userId, TenantId tenant) {
    return store.read("read a user's groups", s -> {
      PreparedStatement q = s.statement("SELECT group_id FROM group_members WHERE user_id = ? AND tenant = ? ORDER BY group_id");
      q.setString(1, userId);
      q.setString(2, tenant.value());
      Set<String> ids = new LinkedHashSet<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }
}
