package dev.gatehouse.functions.provisioning;

import dev.gatehouse.service.provisioning.ProvisioningService;
import java.util.function.Supplier;
import com.amazonaws.services.lambda.runtime.Context;
import dev.gatehouse.runtime.MapHandler;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.gatehouse.telemetry.RequestNotes;
import java.util.Optional;

/**
 * A Cognito User Pool post-confirmation trigger: the confirmed user becomes a Gatehouse user (id
 * from the {@code sub} attribute by default), in the team(s) held by the custom attribute named
 * by {@code GATEHOUSE_COGNITO_TEAM_ATTRIBUTE} (comma-separated; {@code custom:team} by default).
 * A user that exists keeps what it has and gains the teams. Cognito retries triggers, and a
 * repeat changes nothing. The event is returned unchanged, as Cognito requires.
 */
public final class CognitoPostConfirmationHandler extends MapHandler {
  private final Supplier<ProvisioningService> provisioning;
  private final String userIdAttribute;
  private final String teamAttribute;

  public CognitoPostConfirmationHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public CognitoPostConfirmationHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.provisioning = gatehouse.provisioning()::service;
    this.userIdAttribute = gatehouse.provisioning().cognitoUserIdAttribute();
    this.teamAttribute = gatehouse.provisioning().cognitoTeamAttribute();
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> event, Context context) {
    // Post-confirmation also fires after a password reset (PostConfirmation_ConfirmForgotPassword):
    // only a confirmed sign-up provisions a user.
    if (!"PostConfirmation_ConfirmSignUp".equals(event.get("triggerSource"))) {
      return event;
    }
    Map<?, ?> request = (Map<?, ?>) event.get("request");
    Map<?, ?> attributes = request == null ? Map.of() : (Map<?, ?>) request.get("userAttributes");
    Object id = attributes.get(userIdAttribute);
    if (id == null) {
      throw new IllegalArgumentException("the confirmed user has no " + userIdAttribute + " attribute");
    }
    List<TenantId> teams = new ArrayList<>();
    Object team = attributes.get(teamAttribute);
    if (team != null) {
      for (String name : team.toString().split(",")) {
        if (!name.isBlank()) {
          teams.add(TenantId.team(name.trim(), teamAttribute));
        }
      }
    }
    Optional<String> name = Optional.ofNullable(attributes.get("name")).or(() -> Optional.ofNullable(attributes.get("email"))).map(Object::toString);
    User user = provisioning.get().signUp(id.toString(), name, teams);
    // On the invocation's access line: the user only where the operator opts in, the outcome always.
    RequestNotes.user(user.id());
    RequestNotes.outcome("signed up, " + user.teams().size() + (user.teams().size() == 1 ? " team" : " teams"));
    return event;
  }
}
