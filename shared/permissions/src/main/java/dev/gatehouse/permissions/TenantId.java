package dev.gatehouse.permissions;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.util.Objects;

/**
 * A tenant: a Liveblocks organization, a Stream team. One concept here. Every room belongs to
 * exactly one tenant, fixed at creation; a room created without one belongs to {@link #DEFAULT}
 * (Liveblocks reports it as {@code "organizationId": "default"}).
 */
public record TenantId(String value) {
  /** The name of the tenant of resources created without one. */
  public static final String DEFAULT_NAME = "default";
  /** The tenant of resources created without one: "no team" in multi-tenant mode. */
  public static final TenantId DEFAULT = new TenantId(DEFAULT_NAME);

  public TenantId {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses a tenant id from a request field: {@code null} means {@link #DEFAULT}; otherwise 1 to
   * {@value Limits#TEAM_NAME_MAX_BYTES} bytes of UTF-8.
   */
  public static TenantId parse(String value, String field) {
    if (value == null || value.equals(DEFAULT_NAME)) {
      return DEFAULT;
    }
    return new TenantId(Limits.requireTeamName(value, field));
  }

  /**
   * Parses a team name of a user. {@code default} is reserved: it is the tenant of resources
   * without a team, and a user with no teams already reaches exactly those.
   */
  public static TenantId team(String value, String field) {
    if (DEFAULT_NAME.equals(value)) {
      throw new InvalidInputException(
          ErrorCode.INVALID_TEAMS,
          field,
          field + " may not be \"" + DEFAULT_NAME + "\": it is reserved for resources without a team",
          "Leave teams empty for a user who should only reach resources without a team.");
    }
    return new TenantId(Limits.requireTeamName(value, field));
  }

  /** True for the tenant of resources created without one. */
  public boolean isDefault() {
    return value.equals(DEFAULT_NAME);
  }

  @Override
  public String toString() {
    return value;
  }
}
