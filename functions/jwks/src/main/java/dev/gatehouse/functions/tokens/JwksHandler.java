package dev.gatehouse.functions.tokens;

import dev.gatehouse.tokens.KeySet;
import java.util.function.Function;
import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import dev.gatehouse.runtime.ApiHandler;
import dev.gatehouse.api.HttpRequest;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.Json;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.api.tokens.TokenJson;
import java.util.Map;

/**
 * The two public documents a token verifier reads, no key needed: {@code GET /.well-known/jwks.json},
 * the public signing keys, and {@code GET /.well-known/openid-configuration}, the discovery
 * document that names the issuer and points at those keys (what API Gateway's JWT authorizer reads).
 */
public final class JwksHandler extends ApiHandler {
  private final Supplier<KeySet> verificationKeys;
  private final Function<HttpRequest, String> issuer;
  private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  /** Lambda's constructor: dependencies from the environment, built once per container. */
  public JwksHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public JwksHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.verificationKeys = gatehouse.keys()::verificationKeys;
    this.issuer = gatehouse.access()::issuer;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    if (request.path().equals(DISCOVERY_PATH)) {
      return new HttpResponse(200,
          Map.of("content-type", "application/json; charset=utf-8", "cache-control", "public, max-age=300"),
          Json.write(TokenJson.openIdConfiguration(issuer.apply(request))));
    }
    return new HttpResponse(200,
        Map.of("content-type", "application/jwk-set+json", "cache-control", "public, max-age=300"),
        verificationKeys.get().toJwks());
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS); // renders the public keys
  }
}
