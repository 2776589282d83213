package dev.gatehouse.runtime.wiring;

import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.query.QueryService;
import dev.gatehouse.service.revocation.RevocationService;
import dev.gatehouse.service.users.UserService;
import java.time.Clock;

/** Users and teams: the user service, revocation and deactivation, and the queries over rooms and users that inject the caller's teams. */
public final class UserWiring {
  private final Lazy<UserService> service;
  private final Lazy<QueryService> queries;
  private final Lazy<RevocationService> revocations;

  public UserWiring(StoreWiring store, AccessWiring access, SettingsWiring settings, Clock clock) {
    this.service = Lazy.of(() -> new UserService(store.users(), store.accessReads(), clock));
    this.revocations = Lazy.of(() -> new RevocationService(store.revocations(), clock));
    this.queries = Lazy.of(() -> new QueryService(store.rooms(), store.users(), access.check(), settings.quotas()));
  }

  public UserService service() {
    return service.get();
  }

  /** Revoking users' and tenants' tokens, deactivating and reactivating users. */
  public RevocationService revocations() {
    return revocations.get();
  }

  public QueryService queries() {
    return queries.get();
  }
}
