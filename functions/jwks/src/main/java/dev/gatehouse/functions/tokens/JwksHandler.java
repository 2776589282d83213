package dev.gatehouse.functions.tokens;

import dev.gatehouse.api.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import dev.gatehouse.api.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.runtime.Gatehouse;
import java.util.Map;

/** {@code GET /.well-known/jwks.json}: the public signing keys, for verifiers and API Gateway's JWT authorizer. No key needed. */
public final class JwksHandler extends ApiHandler {
  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public JwksHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public JwksHandler(Gatehouse gatehouse) {
    super(gatehouse);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    return new HttpResponse(200,
        Map.of("content-type", "application/jwk-set+json", "cache-control", "public, max-age=300"),
        gatehouse.verificationKeys().toJwks());
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS); // renders the public keys
  }
}
