package dev.gatehouse.service.changes;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidRequestException;
import dev.gatehouse.permissions.Limits;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The change feed and the audit trail: both read the one change log the writes record into, so
 * they show the same changes in the same order. Each read first settles the log (places what
 * the writes recorded, forgets what is past the retention).
 */
public final class ChangeService {
  /** How long changes are kept by default: the audit trail's retention. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  /**
   * A page of the feed.
   *
   * @param changes oldest first
   * @param cursor where to resume: the last change's sequence, or the one resumed from
   */
  public record FeedPage(List<Change> changes, String cursor) {}

  /** A page of the audit trail, newest first, and where the next (older) page starts. */
  public record AuditPage(List<Change> entries, Optional<String> nextCursor) {}

  /** The audit trail's filters; empty ones do not filter. */
  public record AuditQuery(Optional<String> organizationId, Optional<String> roomId, Optional<String> userId,
      Optional<Instant> since, int limit, Optional<String> startingAfter) {}

  private final ChangeLog log;
  private final Clock clock;
  private final Duration retention;

  /** @param retention how long changes are kept (the feed's and the audit trail's) */
  public ChangeService(ChangeLog log, Clock clock, Duration retention) {
    this.log = log;
    this.clock = clock;
    this.retention = retention;
  }

  /** The delivered changes after {@code since} (a cursor this route returned; none: from the start). */
  public FeedPage feed(Optional<String> since, Optional<String> organizationId, int limit) {
    long after = since.map(ChangeService::sequence).orElse(0L);
    Optional<TenantId> tenant = tenant(organizationId);
    log.settle(clock.instant(), retention);
    List<Change> changes = log.feed(after, tenant, limit);
    return new FeedPage(changes, Long.toString(changes.isEmpty() ? after : changes.getLast().sequence()));
  }

  /** A page of the audit trail: every write, newest first. */
  public AuditPage audit(AuditQuery query) {
    Optional<TenantId> tenant = tenant(query.organizationId());
    query.roomId().ifPresent(id -> Limits.requireRoomId(id, "roomId"));
    query.userId().ifPresent(id -> Limits.requireUserId(id, "userId"));
    Predicate<Change> keep = change -> query.roomId().map(id -> isRoom(change) && change.subject().equals(id)).orElse(true)
        && query.userId().map(id -> !isRoom(change) && change.subject().equals(id) || change.actor().id().equals(id)).orElse(true);
    log.settle(clock.instant(), retention);
    ChangeLog.AuditPage page = log.audit(tenant, query.startingAfter().map(ChangeService::sequence), query.since(), query.limit(), keep);
    return new AuditPage(page.changes(), page.next().map(Object::toString));
  }

  private static boolean isRoom(Change change) {
    return change.type().wireName().startsWith("room");
  }

  private static Optional<TenantId> tenant(Optional<String> organizationId) {
    return organizationId.map(id -> new TenantId(Limits.requireTeamName(id, "organizationId")));
  }

  /** A cursor of these routes: a change's sequence. */
  private static long sequence(String cursor) {
    try {
      long value = Long.parseLong(cursor);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // refused below
    }
    throw new InvalidRequestException(ErrorCode.INVALID_CURSOR, "The cursor is not one this route returned.",
        "Resume from the cursor of an earlier answer, or leave it out to start from the beginning.");
  }
}
