package dev.gatehouse.store.dynamodb;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.AccessReads;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.Settings;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * An access decision's reads as one strongly consistent BatchGetItem: the settings item, the
 * user's status item (and record), the tenants' status items and the room (or its room-id item).
 * A room whose tenant is only known from its room-id item costs one more BatchGetItem, for the
 * room in that tenant and the tenant's status. Keys DynamoDB leaves unprocessed (throttling) are
 * asked for again.
 */
public final class DynamoDbAccessReads implements AccessReads {
  private static final int MAX_ATTEMPTS = 8;
  private final DynamoDbClient client;
  private final String tableName;

  public DynamoDbAccessReads(DynamoDbClient client, String tableName) {
    this.client = client;
    this.tableName = tableName;
  }

  @Override
  public Snapshot read(Request request) {
    Map<String, Map<String, AttributeValue>> keys = new LinkedHashMap<>();
    if (request.withCutoffs()) {
      keys.put("settings", key(Keys.APP, Keys.SETTINGS));
    }
    keys.put("status", DynamoDbRevocationRepository.userKey(request.userId()));
    if (request.withUser()) {
      keys.put("user", key(Keys.user(request.userId()), Keys.USER_SK));
    }
    Set<TenantId> tenants = new LinkedHashSet<>(request.tenants());
    Optional<RoomRead> room = request.room();
    room.ifPresent(read -> {
      if (read.in().isPresent()) {
        keys.put("room", key(Keys.tenant(read.in().get()), Keys.room(read.roomId())));
        if (request.withCutoffs()) {
          tenants.add(read.in().get());
        }
      } else {
        keys.put("roomId", key(Keys.roomId(read.roomId()), Keys.ROOM_ID_SK));
      }
    });
    tenants.forEach(tenant -> keys.put("tenant:" + tenant.value(), DynamoDbRevocationRepository.tenantKey(tenant)));
    Map<String, Map<String, AttributeValue>> found = get(keys);

    Optional<TenantId> roomTenant = Optional.empty();
    Optional<Room> roomFound = Optional.empty();
    if (found.containsKey("room")) {
      roomFound = Optional.of(RoomItem.SCHEMA.mapToItem(found.get("room")).toRoom());
      roomTenant = roomFound.map(Room::tenant);
    } else if (found.containsKey("roomId")) {
      TenantId holder = new TenantId(found.get("roomId").get("tenant").s());
      roomTenant = Optional.of(holder);
      Map<String, Map<String, AttributeValue>> more = new LinkedHashMap<>();
      if (room.get().wholeRoom()) {
        // The room lives in the tenant's partition: a second request, which reads the tenant's
        // cutoff too. A tenant-only lookup (an access token) stops here: the check reads that
        // cutoff only if it lets the token in.
        more.put("room", key(Keys.tenant(holder), Keys.room(room.get().roomId())));
        if (request.withCutoffs() && tenants.add(holder)) {
          more.put("tenant:" + holder.value(), DynamoDbRevocationRepository.tenantKey(holder));
        }
      }
      if (!more.isEmpty()) {
        Map<String, Map<String, AttributeValue>> second = get(more);
        found.putAll(second);
        if (second.containsKey("room")) {
          roomFound = Optional.of(RoomItem.SCHEMA.mapToItem(second.get("room")).toRoom());
        } else if (room.get().wholeRoom()) {
          roomTenant = Optional.empty(); // deleted between the two reads
        }
      }
    }
    Optional<Settings> settings = !request.withCutoffs() ? Optional.empty()
        : Optional.of(found.containsKey("settings") ? SettingsItem.SCHEMA.mapToItem(found.get("settings")).toSettings() : Settings.DEFAULTS);
    UserStatus status = DynamoDbRevocationRepository.userStatus(request.userId(), found.get("status"));
    Optional<User> user = Optional.ofNullable(found.get("user")).map(item -> UserItem.SCHEMA.mapToItem(item).toUser());
    Map<TenantId, Optional<Instant>> cutoffs = new HashMap<>();
    for (TenantId tenant : tenants) {
      cutoffs.put(tenant, DynamoDbRevocationRepository.cutoff(found.get("tenant:" + tenant.value())));
    }
    return new Snapshot(settings, status, user, cutoffs, roomTenant, roomFound);
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
  }

  /** The items found, by the name their key was given; one BatchGetItem unless DynamoDB leaves keys unprocessed. */
  private Map<String, Map<String, AttributeValue>> get(Map<String, Map<String, AttributeValue>> named) {
    Map<String, String> nameOf = new HashMap<>();
    named.forEach((name, key) -> nameOf.put(id(key), name));
    Map<String, Map<String, AttributeValue>> found = new HashMap<>();
    List<Map<String, AttributeValue>> pending = new ArrayList<>(named.values());
    try {
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        List<Map<String, AttributeValue>> asked = pending;
        BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(
            Map.of(tableName, KeysAndAttributes.builder().keys(asked).consistentRead(true).build())));
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
          found.put(nameOf.get(id(item)), item);
        }
        KeysAndAttributes left = response.unprocessedKeys().get(tableName);
        pending = left == null ? List.of() : left.keys();
        if (!pending.isEmpty()) {
          if (attempt == MAX_ATTEMPTS) {
            throw new dev.gatehouse.errors.StorageException(
                "Could not read an access decision's facts: the store is unavailable or busy.", null);
          }
          Thread.sleep(Math.min(200, 10L << attempt));
        }
      }
    } catch (SdkException e) {
      throw DynamoDbRoomRepository.storage("read an access decision's facts", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.gatehouse.errors.StorageException("Interrupted while reading an access decision's facts.", e);
    }
    return found;
  }

  private static String id(Map<String, AttributeValue> item) {
    return item.get(Keys.PK).s() + "\u0000" + item.get(Keys.SK).s();
  }
}
