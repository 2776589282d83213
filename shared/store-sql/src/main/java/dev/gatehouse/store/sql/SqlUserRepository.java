package dev.gatehouse.store.sql;

import dev.gatehouse.store.Paging;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserListing;
import dev.gatehouse.store.UserPage;
import dev.gatehouse.store.UserRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Users in {@code users}, one {@code memberships} row per team (the default tenant for a user
 * without teams), written in the same transaction: a membership is never left behind.
 */
final class SqlUserRepository implements UserRepository {
  private static final String COLUMNS = "id, created, version, document";

  private final SqlStore store;

  SqlUserRepository(SqlStore store) {
    this.store = store;
  }

  @Override
  public Optional<User> find(String userId) {
    return store.read("read user", s -> find(s, userId));
  }

  @Override
  public User write(String userId, Function<Optional<User>, User> change) {
    return store.transaction("write user", s -> {
      Optional<User> current = find(s, userId);
      User stored = User.nextVersion(userId, current, change.apply(current));
      String order = Positions.created(stored.createdAt(), stored.id());
      if (current.isEmpty()) {
        PreparedStatement insert = s.statement(
            "INSERT INTO users (id, created, created_order, version, document) VALUES (?, ?, ?, ?, ?)");
        insert.setString(1, userId);
        insert.setString(2, Positions.timestamp(stored.createdAt()));
        insert.setString(3, order);
        insert.setLong(4, stored.version());
        insert.setString(5, Documents.user(stored));
        insert.executeUpdate();
      } else {
        PreparedStatement update = s.statement("UPDATE users SET version = ?, document = ? WHERE id = ?");
        update.setLong(1, stored.version());
        update.setString(2, Documents.user(stored));
        update.setString(3, userId);
        update.executeUpdate();
      }
      Set<TenantId> before = current.map(User::listedUnder).orElse(Set.of());
      Set<TenantId> after = stored.listedUnder();
      for (TenantId team : after) {
        if (!before.contains(team)) {
          PreparedStatement insert = s.statement("INSERT INTO memberships (team, user_id, created_order) VALUES (?, ?, ?)");
          insert.setString(1, team.value());
          insert.setString(2, userId);
          insert.setString(3, order);
          insert.executeUpdate();
        }
      }
      for (TenantId team : before) {
        if (!after.contains(team)) {
          deleteMembership(s, team, userId);
        }
      }
      SqlChangeLog.record(s, dev.gatehouse.store.changes.Changes.ofUser(current, Optional.of(stored), s.clock.instant(),
          dev.gatehouse.telemetry.Actor.current()));
      return stored;
    });
  }

  @Override
  public Optional<User> delete(String userId) {
    return store.transaction("delete user", s -> {
      Optional<User> found = find(s, userId);
      if (found.isPresent()) {
        PreparedStatement delete = s.statement("DELETE FROM users WHERE id = ?");
        delete.setString(1, userId);
        delete.executeUpdate(); // memberships go with it (ON DELETE CASCADE)
        SqlChangeLog.record(s, dev.gatehouse.store.changes.Changes.ofUser(found, Optional.empty(), s.clock.instant(),
            dev.gatehouse.telemetry.Actor.current()));
      }
      return found;
    });
  }

  @Override
  public List<String> memberIdsOf(TenantId team, int limit) {
    return store.read("list a team's members",
        s -> s.ids("SELECT user_id FROM memberships WHERE team = ? ORDER BY user_id LIMIT ?", team.value(), limit));
  }

  @Override
  public void forgetMembership(TenantId team, String userId) {
    // Memberships change with their user in one transaction, so none is ever left over; one of
    // a user still in the team stays.
    store.transaction("remove a membership", s -> {
      Optional<User> user = find(s, userId);
      if (user.isEmpty() || !user.get().listedUnder().contains(team)) {
        deleteMembership(s, team, userId);
      }
      return null;
    });
  }

  @Override
  public UserPage list(UserListing listing) {
    Ordering order = listing.order();
    Optional<String> after = listing.after().map(c -> Cursors.decode(c, order));
    boolean byTime = order.field() == Ordering.Field.CREATED_AT;
    Listing source = new Listing("users", COLUMNS, byTime ? "created_order" : "id", "memberships",
        byTime ? "created_order" : "user_id", "team");
    List<String> teams = new ArrayList<>();
    boolean all = !(listing.source() instanceof UserListing.Teams);
    if (listing.source() instanceof UserListing.Teams t) {
      t.teams().stream().map(TenantId::value).sorted().forEach(teams::add);
      if (teams.isEmpty()) {
        return new UserPage(List.of(), Optional.empty());
      }
    }
    return store.read("list users", s -> {
      Paging.Result<User> page = Paging.read(listing.limit(), after,
          (resume, count) -> source.read(s, teams, all, order.descending(), resume, count, SqlUserRepository::lazyUser),
          listing.filter());
      return new UserPage(page.items(), page.nextPosition().map(p -> Cursors.encode(order, p)));
    });
  }

  private static Paging.Decoded<User> lazyUser(ResultSet rs) throws SQLException {
    String id = rs.getString(2);
    String created = rs.getString(3);
    long version = rs.getLong(4);
    String document = rs.getString(5);
    return () -> Documents.user(id, created, version, document);
  }

  private static Optional<User> find(SqlStore s, String userId) throws SQLException {
    PreparedStatement q = s.statement("SELECT " + COLUMNS + " FROM users WHERE id = ?");
    q.setString(1, userId);
    try (ResultSet rs = q.executeQuery()) {
      return rs.next() ? Optional.of(user(rs, 1)) : Optional.empty();
    }
  }

  private static User user(ResultSet rs, int first) throws SQLException {
    return Documents.user(rs.getString(first), rs.getString(first + 1), rs.getLong(first + 2), rs.getString(first + 3));
  }

  private static void deleteMembership(SqlStore s, TenantId team, String userId) throws SQLException {
    PreparedStatement delete = s.statement("DELETE FROM memberships WHERE team = ? AND user_id = ?");
    delete.setString(1, team.value());
    delete.setString(2, userId);
    delete.executeUpdate();
  }
}
