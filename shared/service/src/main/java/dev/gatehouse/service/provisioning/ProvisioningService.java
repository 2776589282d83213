package dev.gatehouse.service.provisioning;

import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.errors.ConflictException;
import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import dev.gatehouse.errors.NotFoundException;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.service.provisioning.ProvisioningEvent.RoomCreated;
import dev.gatehouse.service.provisioning.ProvisioningEvent.RoomDeleted;
import dev.gatehouse.service.provisioning.ProvisioningEvent.RoomUpdated;
import dev.gatehouse.service.provisioning.ProvisioningEvent.TenantDeleted;
import dev.gatehouse.service.provisioning.ProvisioningEvent.UserDeleted;
import dev.gatehouse.service.provisioning.ProvisioningEvent.UserUpserted;
import dev.gatehouse.service.rooms.RoomService;
import dev.gatehouse.service.users.UserInput;
import dev.gatehouse.service.users.UserService;
import dev.gatehouse.store.EventLedger;
import dev.gatehouse.store.EventLedger.Kind;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomRepository;
import dev.gatehouse.store.User;
import dev.gatehouse.store.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies provisioning events from other AWS services (SQS, EventBridge, Cognito) with three
 * guarantees:
 *
 * <ul>
 *   <li><b>Idempotent.</b> A processed event's id is recorded (kept 7 days, DynamoDB TTL), so a
 *       redelivery is answered with one read. The record is an optimisation: the guarantee is
 *       the conditional write below, which makes a replay a no-op even if the record was lost
 *       (a crash between the write and the record).
 *   <li><b>Ordered where it matters.</b> Every user and room remembers when the last event
 *       applied to it happened ({@code lastEventAt}); the write that applies an event is
 *       conditioned (through the version) on that time being older, so an older update never
 *       overwrites a newer one. Deletions leave a tombstone (kept 7 days), so an older upsert
 *       arriving after a delete does not bring the entity back.
 *   <li><b>Never half-written.</b> Each event is validated whole before it writes, and each write
 *       is one of the repositories' atomic writes.
 * </ul>
 *
 * Tenant deletion works through the tenant's rooms and members in bounded batches and reports
 * {@link Outcome.Incomplete} until nothing is left, so it can be re-run safely until done.
 */
public final class ProvisioningService {
  /** What became of an event. */
  public sealed interface Outcome {
    String summary();

    record Applied(String summary) implements Outcome {}

    record Skipped(String summary) implements Outcome {}

    /** A tenant deletion made progress and must run again. */
    record Incomplete(String summary) implements Outcome {}
  }

  /** Thrown inside a write to leave the entity as it is: the event is stale. */
  private static final class Stale extends RuntimeException {
    Stale() {
      super(null, null, false, false);
    }
  }

  private final UserService userService;
  private final UserRepository users;
  private final RoomService roomService;
  private final RoomRepository rooms;
  private final EventLedger ledger;
  private final Clock clock;
  /** Where an offboarding, once done, records {@code organizationDeleted}. */
  private final dev.gatehouse.store.changes.ChangeLog changes;
  /** How far ahead of this clock an event's occurredAt may be (clocks drift; minutes, not days). */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final Duration keep;
  private final int batch;

  public ProvisioningService(UserService userService, UserRepository users, RoomService roomService, RoomRepository rooms,
      EventLedger ledger, dev.gatehouse.store.changes.ChangeLog changes, Clock clock, Duration keep, int batch) {
    this.changes = changes;
    this.userService = userService;
    this.users = users;
    this.roomService = roomService;
    this.rooms = rooms;
    this.ledger = ledger;
    this.clock = clock;
    this.keep = keep;
    this.batch = batch;
  }

  /**
   * Applies one event.
   *
   * @throws InvalidInputException or another {@code GatehouseException} when the event is invalid
   *     or cannot be applied yet (an update for a room that does not exist): nothing is written
   */
  public Outcome handle(ProvisioningEvent event) {
    return handle(event, "event");
  }

  /**
   * As {@link #handle(ProvisioningEvent)}, its writes recorded as made by {@code source} ({@code
   * sqs}, {@code eventbridge:<source>}) and the event's id.
   */
  public Outcome handle(ProvisioningEvent event, String source) {
    if (event.occurredAt().isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
      // It would win over every later event, deletions included: refused, nothing written.
      throw new InvalidInputException(ErrorCode.INVALID_EVENT, "occurredAt",
          "occurredAt is more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes in the future",
          "Send the time the change happened, from a clock in sync with UTC.");
    }
    if (ledger.processed(event.id())) {
      return new Outcome.Skipped("event " + event.id() + " was already processed");
    }
    Actor before = Actor.current();
    Actor.set(Actor.provisioning(source, event.id(), event.type()));
    Outcome outcome;
    try {
      outcome = apply(event);
    } finally {
      Actor.set(before);
    }
    if (!(outcome instanceof Outcome.Incomplete)) {
      ledger.markProcessed(event.id(), event.type(), expiry());
    }
    return outcome;
  }

  private Outcome apply(ProvisioningEvent event) {
    return switch (event.change()) {
      case UserUpserted u -> upsertUser(u, event.occurredAt());
      case UserDeleted u -> deleteUser(u.userId(), event.occurredAt());
      case RoomCreated r -> createRoom(r, event.occurredAt());
      case RoomUpdated r -> updateRoom(r, event.occurredAt());
      case RoomDeleted r -> deleteRoom(r.roomId(), event.occurredAt());
      case TenantDeleted t -> deleteTenant(t.tenant(), event.occurredAt());
    };
  }

  /**
   * A Cognito sign-up: creates the user with these teams, or adds the teams to an existing user
   * (Cognito retries its triggers: a repeat changes nothing).
   */
  public User signUp(String userId, Optional<String> name, List<TenantId> teams) {
    User user = userService.upsertOrAddTeams(userId, name, teams);
    return user;
  }

  private Outcome upsertUser(UserUpserted event, Instant at) {
    String id = event.user().id();
    if (deletedSince(Kind.USER, id, at)) {
      return new Outcome.Skipped("user " + id + " was deleted by a later event");
    }
    UserInput user = withoutDeletedTenants(event.user(), at);
    try {
      userService.upsertFromEvent(user, at, current -> {
        if (current.flatMap(User::lastEventAt).filter(last -> !last.isBefore(at)).isPresent()) {
          throw new Stale();
        }
      });
      return new Outcome.Applied("user " + id + " upserted");
    } catch (Stale stale) {
      return new Outcome.Skipped("user " + id + " already has a newer or the same event");
    }
  }

  private Outcome deleteUser(String id, Instant at) {
    Optional<User> current = users.find(id);
    if (current.flatMap(User::lastEventAt).filter(last -> last.isAfter(at)).isPresent()) {
      return new Outcome.Skipped("user " + id + " changed after this deletion");
    }
    users.delete(id);
    ledger.markDeleted(Kind.USER, id, at, expiry());
    return new Outcome.Applied(current.isPresent() ? "user " + id + " deleted" : "user " + id + " was already gone");
  }

  private Outcome createRoom(RoomCreated event, Instant at) {
    String id = event.room().id();
    if (deletedSince(Kind.ROOM, id, at)) {
      return new Outcome.Skipped("room " + id + " was deleted by a later event");
    }
    Optional<String> tenant = event.room().organizationId();
    if (tenant.isPresent() && deletedSince(Kind.TENANT, tenant.get(), at)) {
      return new Outcome.Skipped("room " + id + ": its tenant was deleted by a later event");
    }
    try {
      roomService.createFromEvent(event.room(), at);
      return new Outcome.Applied("room " + id + " created");
    } catch (ConflictException exists) {
      if (exists.errorCode() != ErrorCode.ROOM_ALREADY_EXISTS) {
        throw exists;
      }
      return new Outcome.Skipped("room " + id + " already exists");
    }
  }

  private Outcome updateRoom(RoomUpdated event, Instant at) {
    String id = event.roomId();
    try {
      roomService.updateFromEvent(id, event.patch(), at, room -> {
        if (room.lastEventAt().filter(last -> !last.isBefore(at)).isPresent()) {
          throw new Stale();
        }
      });
      return new Outcome.Applied("room " + id + " updated");
    } catch (Stale stale) {
      return new Outcome.Skipped("room " + id + " already has a newer or the same event");
    } catch (NotFoundException missing) {
      if (deletedSince(Kind.ROOM, id, at)) {
        return new Outcome.Skipped("room " + id + " was deleted by a later event");
      }
      // Out of order: the update came before the creation. Fail, so the queue redelivers it.
      throw new NotFoundException(ErrorCode.ROOM_NOT_FOUND, "Room \"" + id + "\" does not exist (yet): the update is retried.",
          "Send room.created before room.updated; a redelivery applies the update once the room exists.");
    }
  }

  private Outcome deleteRoom(String id, Instant at) {
    Optional<Room> current = rooms.find(id);
    if (current.flatMap(Room::lastEventAt).filter(last -> last.isAfter(at)).isPresent()) {
      return new Outcome.Skipped("room " + id + " changed after this deletion");
    }
    // Decided again on the very room deleted: never a newer change, never a newer room of this id.
    rooms.deleteIf(id, room -> room.lastEventAt().filter(last -> last.isAfter(at)).isEmpty());
    ledger.markDeleted(Kind.ROOM, id, at, expiry());
    return new Outcome.Applied(current.isPresent() ? "room " + id + " deleted" : "room " + id + " was already gone");
  }

  /**
   * Offboards a tenant: deletes up to one batch of its rooms (each with a tombstone) and removes
   * up to one batch of its members from the team. Re-running continues where it stopped.
   */
  public Outcome deleteTenant(TenantId tenant, Instant at) {
    if (tenant.isDefault()) {
      throw new InvalidInputException(ErrorCode.INVALID_TENANT, "tenantId", "The default tenant cannot be deleted",
          "Name the tenant (team) to offboard.");
    }
    // First, so that older events arriving during or after the offboarding cannot re-populate it.
    ledger.markDeleted(Kind.TENANT, tenant.value(), at, expiry());
    List<String> roomIds = rooms.roomIdsOf(tenant, batch);
    for (String id : roomIds) {
      // Only while the id is still this tenant's: it may have been deleted and taken by another since the listing.
      if (rooms.deleteIf(id, room -> room.tenant().equals(tenant)).isPresent()) {
        ledger.markDeleted(Kind.ROOM, id, at, expiry());
      }
    }
    List<String> memberIds = users.memberIdsOf(tenant, batch);
    List<String> removed = new ArrayList<>();
    for (String userId : memberIds) {
      Optional<User> user = users.find(userId);
      if (user.isPresent() && user.get().teams().contains(tenant)) {
        users.write(userId, current -> {
          User u = current.orElseThrow(() -> new Stale());
          List<TenantId> teams = new ArrayList<>(u.teams());
          teams.remove(tenant);
          return u.withTeams(teams, clock.instant());
        });
        removed.add(userId);
      } else {
        users.forgetMembership(tenant, userId);
      }
    }
    String summary = "tenant " + tenant + ": " + roomIds.size() + " rooms deleted, " + memberIds.size() + " memberships removed";
    boolean more = roomIds.size() == batch || memberIds.size() == batch;
    if (!more) {
      // Each room and member it took away recorded its own change; this one says the tenant is gone.
      changes.record(dev.gatehouse.store.changes.Changes.ofTenantDeleted(tenant, clock.instant(), dev.gatehouse.telemetry.Actor.current()));
    }
    return more ? new Outcome.Incomplete(summary + "; more remain") : new Outcome.Applied(summary + "; done");
  }

  private boolean deletedSince(Kind kind, String id, Instant at) {
    return ledger.deletedAt(kind, id).filter(deleted -> !deleted.isBefore(at)).isPresent();
  }

  /** The user's teams, less those deleted by a later {@code tenant.deleted}: older events never re-add a member. */
  private UserInput withoutDeletedTenants(UserInput user, Instant at) {
    if (user.teams() == null || user.teams().isEmpty()) {
      return user;
    }
    List<String> kept = user.teams().stream().filter(team -> !deletedSince(Kind.TENANT, team, at)).toList();
    if (kept.size() == user.teams().size()) {
      return user;
    }
    Map<String, String> roles = user.teamsRole() == null ? null : new java.util.LinkedHashMap<>(user.teamsRole());
    if (roles != null) {
      roles.keySet().retainAll(kept);
    }
    return new UserInput(user.id(), user.name(), user.role(), kept, roles, user.metadata());
  }

  private Instant expiry() {
    return clock.instant().plus(keep);
  }
}
