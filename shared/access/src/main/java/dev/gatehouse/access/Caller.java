package dev.gatehouse.access;

import dev.gatehouse.permissions.MultiTenantMode;
import dev.gatehouse.permissions.Principal;
import dev.gatehouse.tokens.VerifiedToken;

/**
 * A verified caller and the mode their request is decided in: in multi-tenant mode the principal
 * already carries the user's stored teams and role, loaded once by {@link AccessCheck}.
 */
public record Caller(VerifiedToken token, Principal principal, MultiTenantMode mode) {}
