package dev.gatehouse.runtime.wiring;

import dev.gatehouse.runtime.Lazy;
import dev.gatehouse.service.provisioning.ProvisioningService;
import java.time.Clock;
import java.time.Duration;

/** Provisioning from other AWS services: SQS and EventBridge events, and Cognito's sign-up trigger. */
public final class ProvisioningWiring {
  /** How long a handled event's id is remembered, so a redelivery within it is not applied twice. */
  private static final Duration EVENT_MEMORY = Duration.ofDays(7);

  private final Lazy<ProvisioningService> service;
  private final String cognitoUserIdAttribute;
  private final String cognitoTeamAttribute;

  public ProvisioningWiring(StoreWiring store, UserWiring users, RoomWiring rooms, Clock clock, int offboardingBatch,
      String cognitoUserIdAttribute, String cognitoTeamAttribute) {
    this.service = Lazy.of(() -> new ProvisioningService(users.service(), store.users(), rooms.service(), store.rooms(),
        store.eventLedger(), store.changes(), clock, EVENT_MEMORY, offboardingBatch));
    this.cognitoUserIdAttribute = cognitoUserIdAttribute;
    this.cognitoTeamAttribute = cognitoTeamAttribute;
  }

  public ProvisioningService service() {
    return service.get();
  }

  /** The Cognito user attribute used as the Gatehouse user id ({@code sub} by default). */
  public String cognitoUserIdAttribute() {
    return cognitoUserIdAttribute;
  }

  /** The Cognito user attribute that holds the user's team(s), comma-separated ({@code custom:team} by default). */
  public String cognitoTeamAttribute() {
    return cognitoTeamAttribute;
  }
}
