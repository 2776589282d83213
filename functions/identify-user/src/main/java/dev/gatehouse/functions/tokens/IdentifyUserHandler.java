package dev.gatehouse.functions.tokens;

import dev.gatehouse.service.tokens.TokenService;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.tokens.TokenJson;
import dev.gatehouse.api.tokens.TokenRequests;

/** {@code POST /v2/identify-user}: issues an ID token: who the user is; the room's accesses decide at check time. */
public final class IdentifyUserHandler extends ApiHandler {
  private final Supplier<TokenService> tokens;
  private final Function<HttpRequest, String> issuer;
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public IdentifyUserHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public IdentifyUserHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.tokens = gatehouse.access()::tokens;
    this.issuer = gatehouse.access()::issuer;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    requireSecretKey(request);
    return HttpResponse.ok(TokenJson.token(tokens.get().identifyUser(TokenRequests.identify(request.body()), issuer.apply(request))));
  }

  @Override
  protected Optional<byte[]> primingEvent(String secretKey) {
    return Optional.of(primingPost("/v2/identify-user", secretKey, "{\"userId\":\"priming-user\",\"groupIds\":[\"g\"],\"organizationId\":\"priming\",\"userInfo\":{\"name\":\"P\"}}"));
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS, Warmup.STORE); // signs or verifies tokens and reads the store
  }
}
