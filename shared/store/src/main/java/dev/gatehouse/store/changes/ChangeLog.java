package dev.gatehouse.store.changes;

import dev.gatehouse.permissions.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The recorded changes, in the order they committed: the one source the change feed, the audit
 * trail and deliveries read. Each backend's writes record their change in the same transaction
 * as the write; the log gives each a place ({@link Change#sequence}) in commit order.
 */
public interface ChangeLog {
  /**
   * Gives recorded changes their place in the log, and forgets those older than {@code retention}.
   * On DynamoDB this moves them from the outbox (each change once, however many settle at once);
   * the embedded store places each as it commits, so here it only forgets.
   *
   * @return how many were placed
   */
  int settle(Instant now, Duration retention);

  /**
   * Records a change that is a state of its own, not a part of one write: a tenant's offboarding,
   * recorded once its last batch is done. One PutItem (DynamoDB's outbox) or insert.
   */
  void record(Change change);

  /** The sequence of the newest placed change; 0 when none ever was. */
  long head();

  /**
   * Up to {@code limit} placed changes after {@code afterSequence}, oldest first: delivered types
   * only ({@link ChangeType#delivered}), of one tenant or of every one.
   */
  List<Change> feed(long afterSequence, Optional<TenantId> tenant, int limit);

  /**
   * A page of the audit trail: placed changes, newest first, of one tenant (or every one), before
   * {@code beforeSequence} (empty: from the newest) and not before {@code since} (the trail ends
   * there), audit-only types included, those {@code keep} accepts. A page reads at most {@link #AUDIT_SCAN} changes: one with fewer than {@code limit}
   * and a {@code next} is not the end.
   */
  AuditPage audit(Optional<TenantId> tenant, Optional<Long> beforeSequence, Optional<Instant> since, int limit,
      java.util.function.Predicate<Change> keep);

  /** How many changes one audit page reads at most, kept or not. */
  int AUDIT_SCAN = 1000;

  /**
   * @param changes newest first
   * @param next the sequence to continue before, when there may be older changes
   */
  record AuditPage(List<Change> changes, Optional<Long> next) {
    public AuditPage {
      changes = List.copyOf(changes);
    }

    /**
     * The page of {@code scanned} (newest first, as read, at most {@link #AUDIT_SCAN} + 1 of them
     * or all there are) that {@code keep} accepts: up to {@code limit}, and where to go on when
     * more may follow. Every store pages the trail by this one rule.
     */
    public static AuditPage of(List<Change> scanned, Optional<Instant> since, int limit, java.util.function.Predicate<Change> keep) {
      List<Change> page = new java.util.ArrayList<>();
      for (int i = 0; i < scanned.size(); i++) {
        Change c = scanned.get(i);
        if (since.isPresent() && c.at().isBefore(since.get())) {
          return new AuditPage(page, Optional.empty()); // older than asked for: the end
        }
        if (page.size() == limit) {
          return new AuditPage(page, Optional.of(page.getLast().sequence()));
        }
        if (i == AUDIT_SCAN) {
          return new AuditPage(page, Optional.of(c.sequence() + 1));
        }
        if (keep.test(c)) {
          page.add(c);
        }
      }
      return new AuditPage(page, Optional.empty());
    }
  }
}
