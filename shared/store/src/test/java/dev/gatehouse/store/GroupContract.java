package dev.gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.groups.Group;
import dev.gatehouse.store.groups.GroupPage;
import dev.gatehouse.store.groups.GroupRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every backend's {@link GroupRepository} must show; extended once per backend.
 * Each test uses group, user and tenant ids of its own and looks only at those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GroupContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");
  protected Repositories store;
  private StoreBackend backend;

  protected abstract StoreBackend backend();

  @BeforeAll
  void openStore() {
    backend = backend();
    store = backend.open(Clock.systemUTC());
  }

  @AfterAll
  void closeStore() {
    if (backend != null) {
      backend.close();
    }
  }

  private GroupRepository groups() {
    return store.groups();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Instant> members(Instant at, String... ids) {
    Map<String, Instant> members = new LinkedHashMap<>();
    for (String id : ids) {
      members.put(id, at);
    }
    return members;
  }

  private static Group group(String id, TenantId tenant, Map<String, Instant> members) {
    return new Group(id, tenant, T0, T0, true, members, 1);
  }

  private List<Change> changesOf(String groupId) {
    store.changes().settle(Instant.now(), Duration.ofDays(90));
    List<Change> newestFirst = store.changes().audit(Optional.empty(), Optional.empty(), Optional.empty(), 100,
        c -> c.subject().equals(groupId)).changes();
    List<Change> oldestFirst = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  @Test
  void aCreatedGroupIsFoundWithItsMembersAndIndexedByTenantAndUser() {
    TenantId tenant = new TenantId(unique("org-"));
    String id = unique("g-");
    Group created = groups().create(group(id, tenant, members(T0, "ann", "bob")));

    Group found = groups().find(id).orElseThrow();
    assertEquals(created, found);
    assertEquals(List.of("ann", "bob"), List.copyOf(found.members().keySet()));
    assertEquals(Set.of(id), groups().groupIdsOf("ann", tenant));
    assertEquals(Set.of(), groups().groupIdsOf("ann", new TenantId(unique("other-"))), "only in its own tenant");
    assertEquals(Set.of(), groups().groupIdsOf("carl", tenant));
    List<Change> changes = changesOf(id);
    assertEquals(List.of(ChangeType.GROUP_CREATED), changes.stream().map(Change::type).toList());
    assertEquals(Optional.of(tenant), changes.get(0).tenant());
    assertEquals(List.of("ann", "bob"), changes.get(0).data().get("memberIds"));
  }

  @Test
  void aTakenIdIsAConflictInAnyTenantAndWritesNothing() {
    String id = unique("g-");
    TenantId first = new TenantId(unique("org-"));
    groups().create(group(id, first, members(T0, "ann")));
    ConflictException taken = assertThrows(ConflictException.class,
        () -> groups().create(group(id, new TenantId(unique("org-")), members(T0, "zed"))));
    assertEquals(ErrorCode.GROUP_ALREADY_EXISTS, taken.errorCode());
    assertEquals(first, groups().find(id).orElseThrow().tenant());
    assertEquals(List.of("ann"), List.copyOf(groups().find(id).orElseThrow().members().keySet()));
    assertEquals(1, changesOf(id).size());
  }

  @Test
  void membersChangeTogetherWithTheirIndexAndTheirChange() {
    TenantId tenant = new TenantId(unique("org-"));
    String id = unique("g-");
    groups().create(group(id, tenant, members(T0, "ann")));
    Instant later = T0.plusSeconds(60);

    Group updated = groups().update(id, g -> {
      Map<String, Instant> next = new LinkedHashMap<>(g.members());
      next.put("bob", later);
      next.putIfAbsent("ann", later);
      next.remove("nobody");
      return g.withMembers(next, later);
    }).orElseThrow();
    assertEquals(T0, updated.members().get("ann"), "adding a member twice keeps the first addedAt");
    assertEquals(later, updated.members().get("bob"));
    assertEquals(later, updated.updatedAt());
    assertEquals(2, updated.version());
    assertEquals(Set.of(id), groups().groupIdsOf("bob", tenant));

    groups().update(id, g -> {
      Map<String, Instant> next = new LinkedHashMap<>(g.members());
      next.remove("ann");
      return g.withMembers(next, later.plusSeconds(1));
    });
    assertEquals(Set.of(), groups().groupIdsOf("ann", tenant), "a removed member no longer resolves");
    assertEquals(List.of("bob"), List.copyOf(groups().find(id).orElseThrow().members().keySet()));

    Group unchanged = groups().update(id, g -> g.withMembers(g.members(), later.plusSeconds(5))).orElseThrow();
    assertEquals(3, unchanged.version(), "no member changed: nothing written");

    List<Change> changes = changesOf(id);
    assertEquals(List.of(ChangeType.GROUP_CREATED, ChangeType.GROUP_MEMBERS_CHANGED, ChangeType.GROUP_MEMBERS_CHANGED),
        changes.stream().map(Change::type).toList());
    assertEquals(List.of("bob"), changes.get(1).data().get("added"));
    assertEquals(List.of(), changes.get(1).data().get("removed"));
    assertEquals(List.of("ann"), changes.get(2).data().get("removed"));
    assertEquals(Optional.empty(), groups().update(unique("missing-"), g -> g));
  }

  @Test
  void concurrentAdditionsAreAllKept() throws Exception {
    backend.requireAtomicConcurrentWrites();
    TenantId tenant = new TenantId(unique("org-"));
    String id = unique("g-");
    groups().create(group(id, tenant, members(T0)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String member = "u" + i;
        writes.add(pool.submit(() -> groups().update(id, g -> {
          Map<String, Instant> next = new LinkedHashMap<>(g.members());
          next.putIfAbsent(member, Instant.now());
          return g.withMembers(next, Instant.now());
        })));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdown();
    }
    Group group = groups().find(id).orElseThrow();
    assertEquals(8, group.members().size(), "no lost update");
    for (int i = 0; i < 8; i++) {
      assertEquals(Set.of(id), groups().groupIdsOf("u" + i, tenant));
    }
  }

  @Test
  void aDeletedGroupTakesItsMembersIndexWithIt() {
    TenantId tenant = new TenantId(unique("org-"));
    String id = unique("g-");
    groups().create(group(id, tenant, members(T0, "ann", "bob")));
    assertEquals(Optional.of(id), groups().delete(id).map(Group::id));
    assertEquals(Optional.empty(), groups().find(id));
    assertEquals(Set.of(), groups().groupIdsOf("ann", tenant));
    assertEquals(Optional.empty(), groups().delete(id), "a second delete finds nothing");
    List<Change> changes = changesOf(id);
    assertEquals(ChangeType.GROUP_DELETED, changes.get(changes.size() - 1).type());
    assertEquals(List.of("ann", "bob"), changes.get(changes.size() - 1).data().get("memberIds"));

    groups().create(group(id, tenant, members(T0, "carl")));
    assertEquals(Set.of(), groups().groupIdsOf("ann", tenant), "a group created again under the id starts afresh");
    assertEquals(Set.of(id), groups().groupIdsOf("carl", tenant));
  }

  @Test
  void aBigGroupIsDeletedWhole() {
    TenantId tenant = new TenantId(unique("org-"));
    String id = unique("g-");
    groups().create(group(id, tenant, members(T0)));
    for (int batch = 0; batch < 3; batch++) {
      int from = batch * GroupRepository.MEMBER_CHANGES_PER_WRITE;
      groups().update(id, g -> {
        Map<String, Instant> next = new LinkedHashMap<>(g.members());
        for (int i = from; i < from + GroupRepository.MEMBER_CHANGES_PER_WRITE; i++) {
          next.put("m" + i, T0.plusMillis(i));
        }
        return g.withMembers(next, T0.plusSeconds(1));
      });
    }
    assertEquals(3 * GroupRepository.MEMBER_CHANGES_PER_WRITE, groups().find(id).orElseThrow().members().size());
    groups().delete(id);
    assertEquals(Optional.empty(), groups().find(id));
    for (int i = 0; i < 3 * GroupRepository.MEMBER_CHANGES_PER_WRITE; i += 37) {
      assertEquals(Set.of(), groups().groupIdsOf("m" + i, tenant));
    }
  }

  @Test
  void aWriteOfTooManyMembersIsRefusedByEveryStore() {
    TenantId tenant = new TenantId(unique("org-"));
    Map<String, Instant> many = new LinkedHashMap<>();
    for (int i = 0; i <= GroupRepository.MEMBER_CHANGES_PER_WRITE; i++) {
      many.put("m" + i, T0);
    }
    String id = unique("g-");
    assertThrows(IllegalArgumentException.class, () -> groups().create(group(id, tenant, many)));
    assertEquals(Optional.empty(), groups().find(id));
  }

  @Test
  void listingsPageByIdAndAUsersGroupsSpanTenants() {
    String user = unique("user-");
    String prefix = unique("lst-");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = prefix + i;
      ids.add(id);
      TenantId tenant = new TenantId(i % 2 == 0 ? "org-even" : "org-odd");
      groups().create(group(id, tenant, i == 2 ? members(T0, "someone") : members(T0, user)));
    }
    List<String> mine = new ArrayList<>();
    Optional<String> after = Optional.empty();
    int pages = 0;
    do {
      GroupPage page = groups().listOf(user, after, 2);
      page.groups().forEach(g -> mine.add(g.id()));
      after = page.nextCursor();
      pages++;
    } while (after.isPresent() && pages < 10);
    assertEquals(List.of(prefix + 0, prefix + 1, prefix + 3, prefix + 4), mine);

    List<String> listed = new ArrayList<>();
    after = Optional.of(prefix);
    do {
      GroupPage page = groups().list(after, 2);
      page.groups().stream().map(Group::id).filter(g -> g.startsWith(prefix)).forEach(listed::add);
      assertTrue(page.groups().size() <= 2);
      after = page.nextCursor();
    } while (after.isPresent() && after.get().startsWith(prefix));
    assertEquals(ids, listed, "by id, each once");
    assertFalse(groups().listOf(unique("nobody-"), Optional.empty(), 10).nextCursor().isPresent());
  }
}
