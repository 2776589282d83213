package dev.gatehouse.telemetry;

import java.util.Objects;

/**
 * Who made a write, as the audit trail records it: a server call by which secret key (its id,
 * never the key), a provisioning event by its source and id, or a client call by its user. Set
 * by the handler base for the invocation it serves (and narrowed to the user once the access
 * check has verified a client's token); a store records it with every change it writes. Never a
 * secret or a token.
 *
 * @param kind {@code "secretKey"}, {@code "provisioning"}, {@code "user"}, or {@code "system"}
 * @param id the key's id, {@code source:eventId}, or the user id
 * @param via the route ({@code "POST /v2/rooms"}) or the event type ({@code "room.upserted"})
 */
public record Actor(String kind, String id, String via) {
  /** Writes no request asked for (priming, tests). */
  public static final Actor SYSTEM = new Actor("system", "gatehouse", "internal");

  private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

  public Actor {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(via, "via");
  }

  public static Actor secretKey(String keyId, String route) {
    return new Actor("secretKey", keyId, route);
  }

  public static Actor user(String userId, String route) {
    return new Actor("user", userId, route);
  }

  public static Actor provisioning(String source, String eventId, String eventType) {
    return new Actor("provisioning", source + ":" + eventId, eventType);
  }

  /** The actor of the write this thread is making. */
  public static Actor current() {
    Actor actor = CURRENT.get();
    return actor == null ? SYSTEM : actor;
  }

  /** Makes {@code actor} the current one for the thread's next writes (until {@link #clear}). */
  public static void set(Actor actor) {
    CURRENT.set(actor);
  }

  public static void clear() {
    CURRENT.remove();
  }

  /** Refines the current actor: who is known once the request is authenticated. */
  public static void identified(String kind, String id) {
    Actor now = current();
    CURRENT.set(new Actor(kind, id, now.via()));
  }
}
