package dev.gatehouse.runtime.wiring;

import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.changes.ChangeService;
import java.time.Clock;

/** The change log's readers: the change feed and the audit trail. */
public final class ChangeWiring {
  private final Lazy<ChangeService> service;

  public ChangeWiring(StoreWiring store, Clock clock, java.time.Duration retention) {
    this.service = Lazy.of(() -> new ChangeService(store.changes(), clock, retention));
  }

  public ChangeService service() {
    return service.get();
  }
}
