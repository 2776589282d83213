package dev.gatehouse.store.memory;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.EventLedger;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Paging;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.Repositories;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.SettingsRepository;
import dev.gatehouse.store.StoreErrors;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserListing;
import dev.gatehouse.store.UserPage;
import dev.gatehouse.store.UserRepository;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeLog;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.changes.Changes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Every repository in plain maps behind one lock: a fake for service tests that need no
 * database. It is not a mock: it passes the same contract suites as the SQL and DynamoDB stores
 * ({@code MemoryStoreTest}), so a service test on it sees what it would see on them, limits,
 * orders, pages and conflicts included. Test code only; Gatehouse never runs on it.
 */
public final class MemoryStore {
  private final Object lock = new Object();
  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<String, User> users = new HashMap<>();
  private final Map<String, Instant> processed = new HashMap<>(); // event id -> expiry
  private final Map<String, Instant[]> tombstones = new HashMap<>(); // kind#id -> {deletedAt, expiry}
  private Settings settings = Settings.DEFAULTS;
  private final Map<String, dev.gatehouse.store.UserStatus> statuses = new HashMap<>();
  private final Map<TenantId, Instant> tenantCutoffs = new HashMap<>();
  /** Every change, in commit order (the lock orders writes): the sequence is the position + 1. */
  private final List<Change> changes = new ArrayList<>();
  /** Webhooks by id, in registration order, with their lease (token, until). */
  private final Map<String, dev.gatehouse.store.webhooks.Webhook> webhooks = new java.util.LinkedHashMap<>();
  private final Map<String, Object[]> leases = new HashMap<>();
  private final Map<String, dev.gatehouse.store.groups.Group> groups = new java.util.TreeMap<>();
  private final Clock clock;

  private MemoryStore(Clock clock) {
    this.clock = clock;
  }

  /** A new, empty store whose event ledger expires records by {@code clock}. */
  public static Repositories open(Clock clock) {
    MemoryStore store = new MemoryStore(clock);
    return new Repositories(store.new Rooms(), store.new Users(), store.new SettingsRow(), store.new Ledger(), store.new Counters(),
        store.new Revocations(), store.new Log(), store.new Webhooks(), store.new Groups());
  }

  /** One page of {@code candidates} in {@code order}, as every store pages: {@link Paging}. */
  private static <T> Paging.Result<T> page(List<T> candidates, Function<T, String> position, boolean descending,
      int limit, Optional<String> after, Predicate<T> keep) {
    Comparator<String> direction = descending ? Positions.ORDER.reversed() : Positions.ORDER;
    List<Paging.Row<T>> sorted = new ArrayList<>();
    candidates.forEach(c -> sorted.add(new Paging.Row<>(position.apply(c), () -> c)));
    sorted.sort(Comparator.comparing(Paging.Row::position, direction));
    return Paging.read(limit, after, (resume, count) -> sorted.stream()
        .filter(row -> resume.isEmpty() || direction.compare(row.position(), resume.get()) > 0)
        .limit(count).toList(), keep);
  }

  private final class Rooms implements RoomRepository {
    @Override
    public Optional<Room> find(String roomId) {
      synchronized (lock) {
        return Optional.ofNullable(rooms.get(roomId));
      }
    }

    @Override
    public Optional<Room> find(TenantId tenant, String roomId) {
      return find(roomId).filter(r -> r.tenant().equals(tenant));
    }

    @Override
    public Optional<TenantId> tenantOf(String roomId) {
      return find(roomId).map(Room::tenant);
    }

    @Override
    public Room create(Room room) {
      synchronized (lock) {
        if (rooms.containsKey(room.id())) {
          throw StoreErrors.roomExists(room.id());
        }
        Room stored = room.withVersion(1);
        rooms.put(stored.id(), stored);
        record(Changes.ofRoom(Optional.empty(), Optional.of(stored), clock.instant(), Actor.current()));
        return stored;
      }
    }

    @Override
    public Optional<Room> update(String roomId, UnaryOperator<Room> change) {
      synchronized (lock) {
        Room current = rooms.get(roomId);
        if (current == null) {
          return Optional.empty();
        }
        Room stored = current.nextVersion(change.apply(current));
        rooms.put(roomId, stored);
        record(Changes.ofRoom(Optional.of(current), Optional.of(stored), clock.instant(), Actor.current()));
        return Optional.of(stored);
      }
    }

    @Override
    public Optional<Room> rename(String roomId, String newRoomId) {
      synchronized (lock) {
        Room current = rooms.get(roomId);
        if (current == null) {
          return Optional.empty();
        }
        if (rooms.containsKey(newRoomId)) {
          throw StoreErrors.roomExists(newRoomId);
        }
        Room renamed = current.renamed(newRoomId);
        rooms.remove(roomId);
        rooms.put(newRoomId, renamed);
        record(Optional.of(Changes.ofRename(current, renamed, clock.instant(), Actor.current())));
        return Optional.of(renamed);
      }
    }

    @Override
    public Optional<Room> deleteIf(String roomId, Predicate<Room> condition) {
      synchronized (lock) {
        Room current = rooms.get(roomId);
        if (current == null || !condition.test(current)) {
          return Optional.empty();
        }
        rooms.remove(roomId);
        record(Changes.ofRoom(Optional.of(current), Optional.empty(), clock.instant(), Actor.current()));
        return Optional.of(current);
      }
    }

    @Override
    public List<String> roomIdsOf(TenantId tenant, int limit) {
      synchronized (lock) {
        return rooms.values().stream().filter(r -> r.tenant().equals(tenant)).map(Room::id)
            .sorted(Positions.ORDER).limit(limit).toList();
      }
    }

    @Override
    public RoomPage list(RoomListing listing) {
      Ordering order = listing.order();
      Optional<String> after = listing.after().map(c -> Cursors.decode(c, order));
      Predicate<Room> inSource;
      Function<Room, String> position = order.field() == Ordering.Field.CREATED_AT
          ? r -> Positions.created(r.createdAt(), r.id()) : Room::id;
      switch (listing.source()) {
        case RoomListing.AllRooms all -> inSource = r -> true;
        case RoomListing.Tenants tenants -> inSource = r -> tenants.tenants().contains(r.tenant());
        case RoomListing.Members members -> {
          // The access index is kept in creation order whatever the listing asks (as in the other stores).
          position = r -> Positions.created(r.createdAt(), r.id());
          inSource = r -> members.userId().filter(r.accesses().usersAccesses()::containsKey).isPresent()
              || members.groupIds().stream().anyMatch(r.accesses().groupsAccesses()::containsKey);
        }
      }
      List<Room> candidates;
      synchronized (lock) {
        candidates = rooms.values().stream().filter(inSource).toList();
      }
      Paging.Result<Room> page = page(candidates, position, order.descending(), listing.limit(), after, listing.filter());
      return new RoomPage(page.items(), page.nextPosition().map(p -> Cursors.encode(order, p)));
    }
  }

  private final class Users implements UserRepository {
    @Override
    public Optional<User> find(String userId) {
      synchronized (lock) {
        return Optional.ofNullable(users.get(userId));
      }
    }

    @Override
    public User write(String userId, Function<Optional<User>, User> change) {
      synchronized (lock) {
        Optional<User> current = Optional.ofNullable(users.get(userId));
        User stored = User.nextVersion(userId, current, change.apply(current));
        users.put(userId, stored);
        record(Changes.ofUser(current, Optional.of(stored), clock.instant(), Actor.current()));
        return stored;
      }
    }

    @Override
    public Optional<User> delete(String userId) {
      synchronized (lock) {
        Optional<User> removed = Optional.ofNullable(users.remove(userId));
        removed.ifPresent(u -> record(Changes.ofUser(removed, Optional.empty(), clock.instant(), Actor.current())));
        return removed;
      }
    }

    @Override
    public List<String> memberIdsOf(TenantId team, int limit) {
      synchronized (lock) {
        return users.values().stream().filter(u -> u.listedUnder().contains(team)).map(User::id)
            .sorted(Positions.ORDER).limit(limit).toList();
      }
    }

    @Override
    public void forgetMembership(TenantId team, String userId) {
      // Memberships here are read off the users themselves: none is ever left over to forget.
    }

    @Override
    public UserPage list(UserListing listing) {
      Ordering order = listing.order();
      Optional<String> after = listing.after().map(c -> Cursors.decode(c, order));
      Predicate<User> inSource = listing.source() instanceof UserListing.Teams t
          ? u -> u.listedUnder().stream().anyMatch(t.teams()::contains) : u -> true;
      List<User> candidates;
      synchronized (lock) {
        candidates = users.values().stream().filter(inSource).toList();
      }
      Function<User, String> position = order.field() == Ordering.Field.CREATED_AT
          ? u -> Positions.created(u.createdAt(), u.id()) : User::id;
      Paging.Result<User> page = page(candidates, position, order.descending(), listing.limit(), after, listing.filter());
      return new UserPage(page.items(), page.nextPosition().map(p -> Cursors.encode(order, p)));
    }
  }

  private final class SettingsRow implements SettingsRepository {
    @Override
    public Settings get() {
      synchronized (lock) {
        return settings;
      }
    }

    @Override
    public Settings put(Settings newSettings) {
      synchronized (lock) {
        record(Changes.ofSettings(settings, newSettings, clock.instant(), Actor.current()));
        settings = newSettings;
        return newSettings;
      }
    }

    @Override
    public boolean replace(Settings expected, Settings newSettings) {
      synchronized (lock) {
        if (!settings.updatedAt().equals(expected.updatedAt())) {
          return false;
        }
        record(Changes.ofSettings(settings, newSettings, clock.instant(), Actor.current()));
        settings = newSettings;
        return true;
      }
    }
  }

  private final class Revocations implements dev.gatehouse.store.RevocationRepository {
    @Override
    public dev.gatehouse.store.UserStatus userStatus(String userId) {
      synchronized (lock) {
        return statuses.getOrDefault(userId, dev.gatehouse.store.UserStatus.active(userId));
      }
    }

    private dev.gatehouse.store.UserStatus change(String userId, ChangeType type,
        UnaryOperator<dev.gatehouse.store.UserStatus> change) {
      synchronized (lock) {
        dev.gatehouse.store.UserStatus changed = change.apply(userStatus(userId));
        statuses.put(userId, changed);
        record(Optional.of(Changes.ofUserStatus(type, userId, changed.revokeTokensIssuedBefore(), clock.instant(), Actor.current())));
        return changed;
      }
    }

    @Override
    public dev.gatehouse.store.UserStatus revokeUserTokens(String userId, Optional<Instant> before) {
      return change(userId, ChangeType.USER_TOKENS_REVOKED, s -> new dev.gatehouse.store.UserStatus(userId, before, s.deactivated()));
    }

    @Override
    public dev.gatehouse.store.UserStatus deactivate(String userId, Instant before) {
      return change(userId, ChangeType.USER_DEACTIVATED, s -> new dev.gatehouse.store.UserStatus(userId, Optional.of(before), true));
    }

    @Override
    public dev.gatehouse.store.UserStatus reactivate(String userId, Instant at) {
      return change(userId, ChangeType.USER_REACTIVATED, s -> new dev.gatehouse.store.UserStatus(userId, Optional.of(at), false));
    }

    @Override
    public Optional<Instant> tenantCutoff(TenantId tenant) {
      synchronized (lock) {
        return Optional.ofNullable(tenantCutoffs.get(tenant));
      }
    }

    @Override
    public Optional<Instant> revokeTenantTokens(TenantId tenant, Optional<Instant> before) {
      synchronized (lock) {
        Optional<Instant> cutoff = before.map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        cutoff.ifPresentOrElse(t -> tenantCutoffs.put(tenant, t), () -> tenantCutoffs.remove(tenant));
        record(Optional.of(Changes.ofTenantCutoff(tenant, cutoff, clock.instant(), Actor.current())));
        return cutoff;
      }
    }
  }

  /** Places a change as its write commits (the caller holds the lock). */
  private void record(Optional<Change> change) {
    change.ifPresent(c -> changes.add(c.placedAt(changes.size() + 1)));
  }

  private final class Webhooks implements dev.gatehouse.store.webhooks.WebhookRepository {
    @Override
    public dev.gatehouse.store.webhooks.Webhook create(dev.gatehouse.store.webhooks.Webhook webhook) {
      synchronized (lock) {
        if (webhooks.putIfAbsent(webhook.id(), webhook) != null) {
          throw new IllegalStateException("webhook " + webhook.id() + " exists");
        }
        if (!webhook.isBus()) {
          record(Optional.of(Changes.ofWebhook(ChangeType.WEBHOOK_CREATED, webhook, clock.instant(), Actor.current())));
        }
        return webhook;
      }
    }

    @Override
    public List<dev.gatehouse.store.webhooks.Webhook> list() {
      synchronized (lock) {
        return List.copyOf(webhooks.values());
      }
    }

    @Override
    public Optional<dev.gatehouse.store.webhooks.Webhook> find(String id) {
      synchronized (lock) {
        return Optional.ofNullable(webhooks.get(id));
      }
    }

    @Override
    public Optional<dev.gatehouse.store.webhooks.Webhook> delete(String id) {
      synchronized (lock) {
        dev.gatehouse.store.webhooks.Webhook removed = webhooks.remove(id);
        leases.remove(id);
        if (removed != null && !removed.isBus()) {
          record(Optional.of(Changes.ofWebhook(ChangeType.WEBHOOK_DELETED, removed, clock.instant(), Actor.current())));
        }
        return Optional.ofNullable(removed);
      }
    }

    @Override
    public Optional<Lease> claim(String id, Instant now, Instant until) {
      synchronized (lock) {
        dev.gatehouse.store.webhooks.Webhook webhook = webhooks.get(id);
        Object[] held = leases.get(id);
        if (webhook == null || held != null && ((Instant) held[1]).isAfter(now)) {
          return Optional.empty();
        }
        String token = java.util.UUID.randomUUID().toString();
        leases.put(id, new Object[] {token, until});
        return Optional.of(new Lease(webhook, token));
      }
    }

    @Override
    public boolean release(Lease lease, dev.gatehouse.store.webhooks.WebhookDelivery delivery) {
      synchronized (lock) {
        String id = lease.webhook().id();
        Object[] held = leases.get(id);
        dev.gatehouse.store.webhooks.Webhook webhook = webhooks.get(id);
        if (webhook == null || held == null || !held[0].equals(lease.token())) {
          return false;
        }
        webhooks.put(id, webhook.with(delivery));
        leases.remove(id);
        return true;
      }
    }
  }

  private final class Groups implements dev.gatehouse.store.groups.GroupRepository {
    @Override
    public dev.gatehouse.store.groups.Group create(dev.gatehouse.store.groups.Group group) {
      dev.gatehouse.store.groups.GroupRepository.requireFewChanges(group.members().size());
      synchronized (lock) {
        if (groups.containsKey(group.id())) {
          throw StoreErrors.groupExists(group.id());
        }
        groups.put(group.id(), group);
        record(Changes.ofGroup(Optional.empty(), Optional.of(group), clock.instant(), Actor.current()));
        return group;
      }
    }

    @Override
    public Optional<dev.gatehouse.store.groups.Group> find(String groupId) {
      synchronized (lock) {
        return Optional.ofNullable(groups.get(groupId));
      }
    }

    @Override
    public Optional<dev.gatehouse.store.groups.Group> update(String groupId,
        UnaryOperator<dev.gatehouse.store.groups.Group> change) {
      synchronized (lock) {
        dev.gatehouse.store.groups.Group current = groups.get(groupId);
        if (current == null) {
          return Optional.empty();
        }
        dev.gatehouse.store.groups.Group next = change.apply(current);
        if (next.members().equals(current.members())) {
          return Optional.of(current);
        }
        java.util.Set<String> changed = new java.util.HashSet<>(current.members().keySet());
        changed.addAll(next.members().keySet());
        changed.removeIf(id -> current.members().containsKey(id) && next.members().containsKey(id));
        dev.gatehouse.store.groups.GroupRepository.requireFewChanges(changed.size());
        dev.gatehouse.store.groups.Group stored = new dev.gatehouse.store.groups.Group(current.id(), current.tenant(),
            current.createdAt(), next.updatedAt(), current.mention(), next.members(), current.version() + 1);
        groups.put(groupId, stored);
        record(Changes.ofGroup(Optional.of(current), Optional.of(stored), clock.instant(), Actor.current()));
        return Optional.of(stored);
      }
    }

    @Override
    public Optional<dev.gatehouse.store.groups.Group> delete(String groupId) {
      synchronized (lock) {
        dev.gatehouse.store.groups.Group removed = groups.remove(groupId);
        if (removed != null) {
          record(Changes.ofGroup(Optional.of(removed), Optional.empty(), clock.instant(), Actor.current()));
        }
        return Optional.ofNullable(removed);
      }
    }

    @Override
    public dev.gatehouse.store.groups.GroupPage list(Optional<String> startingAfter, int limit) {
      return page(g -> true, startingAfter, limit);
    }

    @Override
    public dev.gatehouse.store.groups.GroupPage listOf(String userId, Optional<String> startingAfter, int limit) {
      return page(g -> g.members().containsKey(userId), startingAfter, limit);
    }

    private dev.gatehouse.store.groups.GroupPage page(Predicate<dev.gatehouse.store.groups.Group> keep,
        Optional<String> startingAfter, int limit) {
      synchronized (lock) {
        List<dev.gatehouse.store.groups.Group> matching = groups.values().stream()
            .filter(g -> startingAfter.isEmpty() || Positions.ORDER.compare(g.id(), startingAfter.get()) > 0)
            .filter(keep)
            .sorted(Comparator.comparing(dev.gatehouse.store.groups.Group::id, Positions.ORDER))
            .toList();
        List<dev.gatehouse.store.groups.Group> page = matching.subList(0, Math.min(limit, matching.size()));
        return new dev.gatehouse.store.groups.GroupPage(page,
            matching.size() > limit ? Optional.of(page.get(page.size() - 1).id()) : Optional.empty());
      }
    }

    @Override
    public java.util.Set<String> groupIdsOf(String userId, TenantId tenant) {
      synchronized (lock) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        groups.values().forEach(g -> {
          if (g.tenant().equals(tenant) && g.members().containsKey(userId)) {
            ids.add(g.id());
          }
        });
        return ids;
      }
    }
  }

  private final class Log implements ChangeLog {
    @Override
    public void record(Change change) {
      synchronized (lock) {
        MemoryStore.this.record(Optional.of(change));
      }
    }

    @Override
    public long head() {
      synchronized (lock) {
        return changes.size();
      }
    }

    @Override
    public int settle(Instant now, java.time.Duration retention) {
      synchronized (lock) {
        Instant horizon = now.minus(retention);
        changes.replaceAll(c -> c != null && c.at().isBefore(horizon) ? null : c);
        return 0;
      }
    }

    private boolean of(Change c, Optional<TenantId> tenant) {
      return c != null && (tenant.isEmpty() || c.tenant().equals(tenant));
    }

    @Override
    public List<Change> feed(long afterSequence, Optional<TenantId> tenant, int limit) {
      synchronized (lock) {
        // A tenant's feed: its own changes and the project-wide ones.
        return changes.stream().filter(c -> c != null && (of(c, tenant) || c.tenant().isEmpty()) && c.type().delivered()
                && c.sequence() > afterSequence)
            .limit(limit).toList();
      }
    }

    @Override
    public ChangeLog.AuditPage audit(Optional<TenantId> tenant, Optional<Long> beforeSequence, Optional<Instant> since, int limit,
        Predicate<Change> keep) {
      synchronized (lock) {
        long from = beforeSequence.orElse(Long.MAX_VALUE);
        List<Change> scanned = new ArrayList<>();
        for (int i = changes.size() - 1; i >= 0 && scanned.size() <= ChangeLog.AUDIT_SCAN; i--) {
          Change c = changes.get(i);
          if (of(c, tenant) && c.sequence() < from) {
            scanned.add(c);
          }
        }
        return ChangeLog.AuditPage.of(scanned, since, limit, keep);
      }
    }
  }

  /** Counters by tenant, bucket and window; windows two minutes old are dropped as new ones open. */
  private final class Counters implements dev.gatehouse.store.RateCounter {
    private final Map<String, Integer> counts = new HashMap<>();

    @Override
    public boolean tryAcquire(dev.gatehouse.permissions.TenantId tenant, dev.gatehouse.store.RateLimits.Bucket bucket,
        long window, int limit) {
      synchronized (lock) {
        counts.keySet().removeIf(key -> Long.parseLong(key.substring(key.lastIndexOf('#') + 1)) < window - 2);
        String key = tenant.value() + "#" + bucket.key() + "#" + window;
        int count = counts.getOrDefault(key, 0);
        if (count >= limit) {
          return false;
        }
        counts.put(key, count + 1);
        return true;
      }
    }
  }

  private final class Ledger implements EventLedger {
    private boolean live(Instant expiry) {
      return expiry.getEpochSecond() > clock.instant().getEpochSecond();
    }

    @Override
    public boolean processed(String eventId) {
      synchronized (lock) {
        Instant expiry = processed.get(eventId);
        return expiry != null && live(expiry);
      }
    }

    @Override
    public void markProcessed(String eventId, String type, Instant expiresAt) {
      synchronized (lock) {
        processed.put(eventId, expiresAt);
      }
    }

    @Override
    public Optional<Instant> deletedAt(Kind kind, String id) {
      synchronized (lock) {
        Instant[] tombstone = tombstones.get(kind + "#" + id);
        return tombstone != null && live(tombstone[1]) ? Optional.of(tombstone[0]) : Optional.empty();
      }
    }

    @Override
    public void markDeleted(Kind kind, String id, Instant deletedAt, Instant expiresAt) {
      synchronized (lock) {
        // Stored to the millisecond, as every store keeps times; a newer deletion already recorded stays.
        Instant at = deletedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        tombstones.merge(kind + "#" + id, new Instant[] {at, expiresAt},
            (old, fresh) -> old[0].isBefore(fresh[0]) ? fresh : old);
      }
    }
  }
}
