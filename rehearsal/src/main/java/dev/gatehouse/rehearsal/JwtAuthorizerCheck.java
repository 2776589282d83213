package dev.gatehouse.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks API Gateway's JWT authorizer makes of a token, against the configuration the
 * template gives it: the discovery document at the issuer names that issuer, the token's {@code
 * iss} is it, its {@code aud} holds one of the configured audiences, its key is an RSA key of the
 * JWKS (the authorizer accepts no other), the signature and the times verify.
 */
final class JwtAuthorizerCheck {
  private JwtAuthorizerCheck() {}

  static List<String> problems(String issuer, JsonNode audiences, JsonNode discovery, String token, String jwks) {
    List<String> out = new ArrayList<>();
    if (!issuer.equals(discovery.path("issuer").asText())) {
      out.add("the discovery document names issuer " + discovery.path("issuer") + ", the authorizer expects " + issuer);
    }
    if (!(issuer + "/.well-known/jwks.json").equals(discovery.path("jwks_uri").asText())) {
      out.add("the discovery document's jwks_uri is " + discovery.path("jwks_uri"));
    }
    JwkSet keys = Jwks.setParser().build().parse(jwks);
    Jws<Claims> verified;
    try {
      verified = Jwts.parser().keyLocator(header -> {
        String kid = header instanceof io.jsonwebtoken.ProtectedHeader p ? p.getKeyId() : null;
        for (Jwk<?> key : keys) {
          if (key.getId().equals(kid)) {
            return (Key) key.toKey();
          }
        }
        throw new JwtException("no key " + kid + " in the JWKS");
      }).build().parseSignedClaims(token);
    } catch (JwtException e) {
      out.add("it does not verify against the JWKS: " + e.getMessage());
      return out;
    }
    if (!verified.getHeader().getAlgorithm().startsWith("RS")) {
      out.add("it is signed with " + verified.getHeader().getAlgorithm() + "; the authorizer takes RSA keys only");
    }
    for (Jwk<?> key : keys) {
      if (key.getId().equals(verified.getHeader().getKeyId()) && !(key.toKey() instanceof RSAPublicKey)) {
        out.add("its key is not an RSA key");
      }
    }
    if (!issuer.equals(verified.getPayload().getIssuer())) {
      out.add("its iss is " + verified.getPayload().getIssuer() + ", the authorizer expects " + issuer);
    }
    Set<String> audience = verified.getPayload().getAudience();
    boolean anyAudience = false;
    for (JsonNode a : audiences) {
      anyAudience |= audience != null && audience.contains(a.asText());
    }
    if (!anyAudience) {
      out.add("its aud is " + audience + ", the authorizer expects one of " + audiences);
    }
    return out;
  }
}
