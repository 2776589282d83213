package dev.gatehouse.store;

import java.util.Objects;

/**
 * Every repository of one store, as a backend builds them (the embedded SQL store, or DynamoDB):
 * what a composition root takes instead of a particular engine.
 *
 * @param rooms rooms, their access index and listings
 * @param users users and their team memberships
 * @param settings the application's settings
 * @param eventLedger processed provisioning events and tombstones
 * @param rateCounter the per-tenant request counters of the quotas
 * @param revocations users' and tenants' revocation cutoffs, and deactivation
 * @param accessReads what one access decision reads, in one request
 * @param changes the changes the writes recorded, in commit order
 * @param webhooks the webhooks and the bus the changes are delivered to
 * @param groups stored groups and their members, resolved at check time
 */
public record Repositories(RoomRepository rooms, UserRepository users, SettingsRepository settings, EventLedger eventLedger,
    RateCounter rateCounter, RevocationRepository revocations, AccessReads accessReads,
    dev.gatehouse.store.changes.ChangeLog changes, dev.gatehouse.store.webhooks.WebhookRepository webhooks,
    dev.gatehouse.store.groups.GroupRepository groups) {
  public Repositories {
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(webhooks, "webhooks");
    Objects.requireNonNull(rateCounter, "rateCounter");
    Objects.requireNonNull(rooms, "rooms");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(eventLedger, "eventLedger");
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(accessReads, "accessReads");
    Objects.requireNonNull(changes, "changes");
  }

  /** A store whose access reads are its repositories' reads one after another (no network between them). */
  public Repositories(RoomRepository rooms, UserRepository users, SettingsRepository settings, EventLedger eventLedger,
      RateCounter rateCounter, RevocationRepository revocations, dev.gatehouse.store.changes.ChangeLog changes,
      dev.gatehouse.store.webhooks.WebhookRepository webhooks, dev.gatehouse.store.groups.GroupRepository groups) {
    this(rooms, users, settings, eventLedger, rateCounter, revocations,
        AccessReads.sequential(rooms, users, settings, revocations), changes, webhooks, groups);
  }
}
