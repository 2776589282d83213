package dev.gatehouse.store.dynamodb;

import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;

/**
 * Reads one page of a {@link RoomListing}, newest first.
 *
 * <p>Candidates come from one or more index partitions, each a Query in descending creation
 * order, merged; the rooms themselves come from BatchGetItem (strongly consistent), so a page
 * always shows rooms as they are, and a candidate whose room is gone, belongs to an older
 * incarnation of the id, or no longer has the entry it was indexed for, is skipped. Each request
 * examines at most {@value #MAX_ROUNDS} batches of candidates; a page cut short by that bound
 * still carries a cursor.
 */
final class RoomListingReader {
  static final int MAX_ROUNDS = 10;
  private static final int BATCH = 100;

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<RoomItem> rooms;
  private final DynamoDbTable<AccessIndexItem> index;

  RoomListingReader(DynamoDbEnhancedClient enhanced, DynamoDbTable<RoomItem> rooms, DynamoDbTable<AccessIndexItem> index) {
    this.enhanced = enhanced;
    this.rooms = rooms;
    this.index = index;
  }

  /** A room that may belong in the listing: its order position and its item key. */
  private record Candidate(String position, String pk, String sk) {}

  RoomPage read(RoomListing listing) {
    Optional<String> after = listing.after().map(Cursors::decode);
    int batchSize = Math.min(BATCH, Math.max(25, listing.limit() * 2));
    Iterator<Candidate> candidates = candidates(listing.source(), after, batchSize);
    List<Room> page = new ArrayList<>();
    String lastExamined = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Candidate> batch = take(candidates, batchSize);
      if (batch.isEmpty()) {
        return new RoomPage(page, Optional.empty());
      }
      Map<Key, Room> found = fetch(batch);
      for (int i = 0; i < batch.size(); i++) {
        Candidate candidate = batch.get(i);
        lastExamined = candidate.position();
        Room room = found.get(DynamoDbRoomRepository.key(candidate.pk(), candidate.sk()));
        if (room == null
            || !Keys.createdOrder(room.createdAt(), room.id()).equals(candidate.position())
            || !belongs(listing.source(), room)
            || !listing.filter().test(room)) {
          continue;
        }
        page.add(room);
        if (page.size() == listing.limit()) {
          boolean more = i < batch.size() - 1 || candidates.hasNext();
          return new RoomPage(page, more ? Optional.of(Cursors.encode(candidate.position())) : Optional.empty());
        }
      }
    }
    // Examined the bound for one request: hand back what was found and where to go on.
    return new RoomPage(page, candidates.hasNext() ? Optional.of(Cursors.encode(lastExamined)) : Optional.empty());
  }

  private static boolean belongs(RoomListing.Source source, Room room) {
    return !(source instanceof RoomListing.Members members) || room.hasEntryFor(members.userId(), members.groupIds());
  }

  private Iterator<Candidate> candidates(RoomListing.Source source, Optional<String> after, int pageSize) {
    List<Iterator<Candidate>> sources = new ArrayList<>();
    switch (source) {
      case RoomListing.AllRooms all -> sources.add(allRooms(after, pageSize));
      case RoomListing.Tenants tenants -> tenants.tenants().forEach(t -> sources.add(tenantRooms(Keys.tenant(t), after, pageSize)));
      case RoomListing.Members members -> {
        members.userId().ifPresent(u -> sources.add(accessEntries(Keys.userAccess(u), after, pageSize)));
        members.groupIds().forEach(g -> sources.add(accessEntries(Keys.groupAccess(g), after, pageSize)));
      }
    }
    return merge(sources);
  }

  private Iterator<Candidate> allRooms(Optional<String> after, int pageSize) {
    QueryConditional condition = after
        .map(p -> QueryConditional.sortLessThan(k(Keys.ALL_ROOMS, p)))
        .orElse(QueryConditional.keyEqualTo(Key.builder().partitionValue(Keys.ALL_ROOMS).build()));
    return items(rooms.index(Keys.GSI2).query(descending(condition, pageSize)))
        .map(i -> new Candidate(i.gsi2sk, i.pk, i.sk));
  }

  private Iterator<Candidate> tenantRooms(String tenantPk, Optional<String> after, int pageSize) {
    QueryConditional condition = after
        // BETWEEN is inclusive: the cursor's own room is skipped below.
        .map(p -> QueryConditional.sortBetween(k(tenantPk, Keys.ROOM_PREFIX), k(tenantPk, Keys.ROOM_PREFIX + p)))
        .orElse(QueryConditional.sortBeginsWith(k(tenantPk, Keys.ROOM_PREFIX)));
    Iterator<Candidate> all = items(rooms.index(Keys.GSI1).query(descending(condition, pageSize)))
        .map(i -> new Candidate(i.gsi1sk.substring(Keys.ROOM_PREFIX.length()), i.pk, i.sk));
    return after.isEmpty() ? all : new Skipping(all, after.get());
  }

  private Iterator<Candidate> accessEntries(String accessPk, Optional<String> after, int pageSize) {
    QueryConditional condition = after
        .map(p -> QueryConditional.sortLessThan(k(accessPk, Keys.ROOM_PREFIX + p)))
        .orElse(QueryConditional.keyEqualTo(Key.builder().partitionValue(accessPk).build()));
    return items(index.query(descending(condition, pageSize)))
        .map(i -> new Candidate(i.sk.substring(Keys.ROOM_PREFIX.length()), Keys.tenant(new dev.gatehouse.permissions.TenantId(i.tenant)), Keys.room(i.roomId)));
  }

  private static QueryEnhancedRequest descending(QueryConditional condition, int pageSize) {
    return QueryEnhancedRequest.builder().queryConditional(condition).scanIndexForward(false).limit(pageSize).build();
  }

  private static Key k(String pk, String sk) {
    return Key.builder().partitionValue(pk).sortValue(sk).build();
  }

  /** The items of a paged query, fetching each page only when the previous one is used up. */
  private static <T> MappingIterator<T> items(SdkIterable<Page<T>> pages) {
    return new MappingIterator<>(pages.stream().flatMap(p -> p.items().stream()).iterator());
  }

  /** Merges descending sources into one descending stream without duplicates. */
  private static Iterator<Candidate> merge(List<Iterator<Candidate>> sources) {
    if (sources.size() == 1) {
      return sources.getFirst();
    }
    record Head(Candidate candidate, Iterator<Candidate> rest) {}
    PriorityQueue<Head> heads = new PriorityQueue<>(
        Comparator.comparing((Head h) -> h.candidate().position()).reversed());
    for (Iterator<Candidate> source : sources) {
      if (source.hasNext()) {
        heads.add(new Head(source.next(), source));
      }
    }
    return new Iterator<>() {
      private String lastPosition;

      @Override
      public boolean hasNext() {
        skipDuplicates();
        return !heads.isEmpty();
      }

      @Override
      public Candidate next() {
        skipDuplicates();
        Head head = heads.poll();
        if (head.rest().hasNext()) {
          heads.add(new Head(head.rest().next(), head.rest()));
        }
        lastPosition = head.candidate().position();
        return head.candidate();
      }

      private void skipDuplicates() {
        while (!heads.isEmpty() && heads.peek().candidate().position().equals(lastPosition)) {
          Head head = heads.poll();
          if (head.rest().hasNext()) {
            heads.add(new Head(head.rest().next(), head.rest()));
          }
        }
      }
    };
  }

  private Map<Key, Room> fetch(List<Candidate> batch) {
    Map<Key, Candidate> distinct = new LinkedHashMap<>();
    batch.forEach(c -> distinct.putIfAbsent(DynamoDbRoomRepository.key(c.pk(), c.sk()), c));
    ReadBatch.Builder<RoomItem> reads = ReadBatch.builder(RoomItem.class).mappedTableResource(rooms);
    distinct.keySet().forEach(key -> reads.addGetItem(GetItemEnhancedRequest.builder().key(key).consistentRead(true).build()));
    Map<Key, Room> found = new HashMap<>();
    enhanced.batchGetItem(BatchGetItemEnhancedRequest.builder().addReadBatch(reads.build()).build())
        .resultsForTable(rooms)
        .forEach(item -> found.put(DynamoDbRoomRepository.key(item.pk, item.sk), item.toRoom()));
    return found;
  }

  private static List<Candidate> take(Iterator<Candidate> candidates, int n) {
    List<Candidate> out = new ArrayList<>(n);
    while (out.size() < n && candidates.hasNext()) {
      out.add(candidates.next());
    }
    return out;
  }

  /** An iterator with a map step, so sources read like streams but stay lazy. */
  private static final class MappingIterator<T> implements Iterator<T> {
    private final Iterator<T> source;

    MappingIterator(Iterator<T> source) {
      this.source = source;
    }

    <R> Iterator<R> map(java.util.function.Function<T, R> f) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return source.hasNext();
        }

        @Override
        public R next() {
          return f.apply(source.next());
        }
      };
    }

    @Override
    public boolean hasNext() {
      return source.hasNext();
    }

    @Override
    public T next() {
      return source.next();
    }
  }

  /** Drops the candidate at the cursor's own position (inclusive range queries). */
  private static final class Skipping implements Iterator<Candidate> {
    private final Iterator<Candidate> source;
    private final String position;
    private Candidate next;

    Skipping(Iterator<Candidate> source, String position) {
      this.source = source;
      this.position = position;
    }

    @Override
    public boolean hasNext() {
      while (next == null && source.hasNext()) {
        Candidate c = source.next();
        if (!c.position().equals(position)) {
          next = c;
        }
      }
      return next != null;
    }

    @Override
    public Candidate next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      Candidate c = next;
      next = null;
      return c;
    }
  }
}
