package dev.gatehouse.store;

import java.util.Optional;

/**
 * Per-tenant quotas for the requests a tenant's own users drive from their browsers, per minute
 * and per tenant: empty means no quota. Server routes (a secret key) are bounded by the API's
 * route throttling instead.
 *
 * @param clientRoomCreatesPerMinute rooms created through {@code POST /v2/c/rooms}
 * @param clientQueriesPerMinute queries through {@code POST /v2/c/rooms/query} and {@code /v2/c/users/query}
 */
public record RateLimits(Optional<Integer> clientRoomCreatesPerMinute, Optional<Integer> clientQueriesPerMinute) {
  public static final RateLimits NONE = new RateLimits(Optional.empty(), Optional.empty());

  /** The largest quota that can be set, per tenant and minute. */
  public static final int MAX_PER_MINUTE = 1_000_000;

  public RateLimits {
    clientRoomCreatesPerMinute = clientRoomCreatesPerMinute == null ? Optional.empty() : clientRoomCreatesPerMinute;
    clientQueriesPerMinute = clientQueriesPerMinute == null ? Optional.empty() : clientQueriesPerMinute;
  }

  /** What each quota counts: the key of its counters. */
  public enum Bucket {
    CLIENT_ROOM_CREATES("clientRoomCreates"),
    CLIENT_QUERIES("clientQueries");

    private final String key;

    Bucket(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public Optional<Integer> limit(Bucket bucket) {
    return switch (bucket) {
      case CLIENT_ROOM_CREATES -> clientRoomCreatesPerMinute;
      case CLIENT_QUERIES -> clientQueriesPerMinute;
    };
  }
}
