package dev.gatehouse.permissions;

import java.util.Objects;

/**
 * The outcome of {@link AccessPolicy#decide}: allowed or denied, the access matrix that holds
 * (all {@code none} when denied), the rule that decided, and a sentence saying why.
 *
 * <p>Reasons never name another tenant: they are shown to the caller.
 */
public record Decision(boolean allowed, AccessMatrix access, Rule rule, String reason) {

  /** The rule that decided, grouped so callers can react to the kind of denial. */
  public enum Rule {
    /** Denied: the room is outside the tenant the token names (or, without one, outside the default tenant). */
    TENANT_MISMATCH(false),
    /** Denied: multi-tenant mode, the room's team is not one of the user's, and no grant crosses. */
    TEAM_MISMATCH(false),
    /** Denied: an ID token for a room that does not exist. */
    ROOM_NOT_FOUND(false),
    /** Denied: the room's accesses give this user nothing. */
    NO_ROOM_ACCESS(false),
    /** Denied: no pattern of the access token covers the room. */
    NO_MATCHING_PATTERN(false),
    /** Denied: the user may enter but not take this action. */
    INSUFFICIENT_ACCESS(false),
    /** Allowed by the room's accesses. */
    ROOM_ACCESSES(true),
    /** Allowed by the access token's patterns. */
    TOKEN_PATTERNS(true),
    /** Allowed by the user's role. */
    ROLE(true),
    /** Allowed because the user created the room. */
    OWNER(true),
    /** Allowed: the tenant is in the user's reach. */
    IN_REACH(true);

    private final boolean allows;

    Rule(boolean allows) {
      this.allows = allows;
    }

    public boolean allows() {
      return allows;
    }
  }

  public Decision {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
    if (allowed != rule.allows()) {
      throw new IllegalArgumentException(rule + " cannot " + (allowed ? "allow" : "deny"));
    }
  }

  static Decision deny(Rule rule, String reason) {
    return new Decision(false, AccessMatrix.NONE, rule, reason);
  }

  static Decision allow(Rule rule, AccessMatrix access, String reason) {
    return new Decision(true, access, rule, reason);
  }
}
