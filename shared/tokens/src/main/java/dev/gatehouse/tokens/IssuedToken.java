package dev.gatehouse.tokens;

import java.time.Instant;

/** A signed token, with its id and expiry. */
public record IssuedToken(String token, String jti, Instant expiresAt) {}
