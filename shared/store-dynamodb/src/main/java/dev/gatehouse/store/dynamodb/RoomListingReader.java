package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Cursors;
import dev.gatehouse.store.Ordering;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import dev.gatehouse.store.RoomPage;
import dev.gatehouse.store.dynamodb.IndexScan.Candidate;
import dev.gatehouse.store.dynamodb.IndexScan.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;

/**
 * Reads one page of a {@link RoomListing}. Candidates come from index partitions ({@link
 * IndexScan}), the rooms themselves from BatchGetItem, so a page always shows rooms as they are;
 * a candidate whose room is gone, is another incarnation of the id, or no longer has the entry it
 * was indexed for, is skipped.
 *
 * <pre>
 * source      newest first                          by id
 * all rooms   GSI2 ROOMS / &lt;created&gt;#&lt;id&gt;          GSI3 ROOMS / &lt;id&gt;
 * tenants     GSI1 TENANT#t / ROOM#&lt;created&gt;#&lt;id&gt;  table TENANT#t / ROOM#&lt;id&gt;
 * members     table ACCESS#USER#u, ACCESS#GROUP#g / ROOM#&lt;created&gt;#&lt;id&gt;
 * </pre>
 */
final class RoomListingReader {
  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<RoomItem> rooms;
  private final DynamoDbTable<AccessIndexItem> index;

  RoomListingReader(DynamoDbEnhancedClient enhanced, DynamoDbTable<RoomItem> rooms, DynamoDbTable<AccessIndexItem> index) {
    this.enhanced = enhanced;
    this.rooms = rooms;
    this.index = index;
  }

  RoomPage read(RoomListing listing) {
    Ordering order = listing.order();
    Optional<String> after = listing.after().map(c -> Cursors.decode(c, order));
    int pageSize = Math.min(100, Math.max(25, listing.limit() * 2));
    PagedRead.Result<Room> page = PagedRead.read(
        IndexScan.merged(sources(listing.source(), order), after, order.descending(), pageSize),
        listing.limit(),
        this::fetch,
        (candidate, room) -> position(room, order).equals(candidate.position())
            && belongs(listing.source(), room)
            && listing.filter().test(room));
    return new RoomPage(page.items(), page.nextPosition().map(p -> Cursors.encode(order, p)));
  }

  private static String position(Room room, Ordering order) {
    return order.field() == Ordering.Field.CREATED_AT ? Keys.createdOrder(room.createdAt(), room.id()) : room.id();
  }

  private static boolean belongs(RoomListing.Source source, Room room) {
    return !(source instanceof RoomListing.Members members) || room.hasEntryFor(members.userId(), members.groupIds());
  }

  private List<Source<?>> sources(RoomListing.Source source, Ordering order) {
    boolean byTime = order.field() == Ordering.Field.CREATED_AT;
    List<Source<?>> sources = new ArrayList<>();
    switch (source) {
      case RoomListing.AllRooms all -> {
        if (byTime) {
          for (String shard : Keys.listingPartitions(Keys.ALL_ROOMS)) {
            sources.add(new Source<>(rooms.index(Keys.GSI2)::query, shard, "", i -> new Candidate(i.gsi2sk, key(i))));
          }
        } else {
          sources.add(new Source<>(rooms.index(Keys.GSI3)::query, Keys.ALL_ROOMS, "", i -> new Candidate(i.gsi3sk, key(i))));
        }
      }
      case RoomListing.Tenants tenants -> {
        for (TenantId tenant : tenants.tenants()) {
          String pk = Keys.tenant(tenant);
          sources.add(byTime
              ? new Source<>(rooms.index(Keys.GSI1)::query, pk, Keys.ROOM_PREFIX,
                  i -> new Candidate(i.gsi1sk.substring(Keys.ROOM_PREFIX.length()), key(i)))
              : new Source<>(rooms::query, pk, Keys.ROOM_PREFIX, i -> new Candidate(i.sk.substring(Keys.ROOM_PREFIX.length()), key(i))));
        }
      }
      case RoomListing.Members members -> {
        members.userId().ifPresent(u -> sources.add(access(Keys.userAccess(u))));
        members.groupIds().forEach(g -> sources.add(access(Keys.groupAccess(g))));
      }
    }
    return sources;
  }

  private Source<AccessIndexItem> access(String pk) {
    return new Source<>(index::query, pk, Keys.ROOM_PREFIX, i -> new Candidate(
        i.sk.substring(Keys.ROOM_PREFIX.length()),
        DynamoDbRoomRepository.key(Keys.tenant(new TenantId(i.tenant)), Keys.room(i.roomId))));
  }

  private static Key key(RoomItem item) {
    return DynamoDbRoomRepository.key(item.pk, item.sk);
  }

  private Map<Key, Room> fetch(List<Key> keys) {
    Map<Key, Room> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    ReadBatch.Builder<RoomItem> reads = ReadBatch.builder(RoomItem.class).mappedTableResource(rooms);
    keys.forEach(key -> reads.addGetItem(GetItemEnhancedRequest.builder().key(key).consistentRead(true).build()));
    enhanced.batchGetItem(BatchGetItemEnhancedRequest.builder().addReadBatch(reads.build()).build())
        .resultsForTable(rooms)
        .forEach(item -> found.put(key(item), item.toRoom()));
    return found;
  }
}
