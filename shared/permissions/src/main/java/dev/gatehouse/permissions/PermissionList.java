package dev.gatehouse.permissions;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;

/**
 * A validated list of permissions, as found in {@code defaultAccesses}, in one entry of
 * {@code usersAccesses} or {@code groupsAccesses}, or for one pattern of an access token.
 *
 * <p>Rules: every string is a known {@link Permission}; a non-empty list holds exactly one base
 * permission ({@code *:read}, {@code *:write}, or a legacy alias) and at most one scope per
 * feature. An empty list means "no access" and is only allowed where the caller says so
 * ({@code defaultAccesses: []} is a private room).
 *
 * <p>The strings are kept as given, so a room reads back exactly what was written; {@link
 * #canonical()} gives the normalised form.
 */
public final class PermissionList {
  /** The empty list: no access. */
  public static final PermissionList EMPTY = new PermissionList(List.of(), ExplicitAccess.NOTHING);

  private final List<Permission> permissions;
  private final ExplicitAccess explicit;

  private PermissionList(List<Permission> permissions, ExplicitAccess explicit) {
    this.permissions = permissions;
    this.explicit = explicit;
  }

  /**
   * Parses a list that may be empty ({@code defaultAccesses}).
   *
   * @param field the field named in errors, e.g. {@code defaultAccesses}
   * @throws InvalidInputException naming the bad string or the broken rule
   */
  public static PermissionList parse(Collection<String> values, String field) {
    Objects.requireNonNull(field, "field");
    if (values == null) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PERMISSION,
          field,
          field + " must be a list of permissions",
          "Send a JSON array such as [\"*:read\"], or [] for no access.");
    }
    if (values.isEmpty()) {
      return EMPTY;
    }
    List<Permission> parsed = new ArrayList<>(values.size());
    for (String value : values) {
      parsed.add(Permission.parse(value, field));
    }
    return fromPermissions(parsed, field);
  }

  /**
   * Parses a list that must grant something: a user or group entry, or an access-token pattern.
   *
   * @throws InvalidInputException when the list is empty, or on any rule {@link #parse} checks
   */
  public static PermissionList parseNonEmpty(Collection<String> values, String field) {
    if (values != null && values.isEmpty()) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PERMISSION,
          field,
          field + " must not be empty: an entry needs exactly one base permission (*:read or *:write)",
          "To take an entry's access away, remove the entry (set it to null) instead of sending [].");
    }
    return parse(values, field);
  }

  /** Builds a list from already-parsed permissions, checking the base and per-feature rules. */
  public static PermissionList of(List<Permission> permissions, String field) {
    return permissions.isEmpty() ? EMPTY : fromPermissions(new ArrayList<>(permissions), field);
  }

  private static PermissionList fromPermissions(List<Permission> parsed, String field) {
    List<Permission> bases = parsed.stream().filter(Permission::isBase).toList();
    if (bases.size() != 1) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PERMISSION,
          field,
          field
              + " must contain exactly one base permission (*:read or *:write, or the legacy"
              + " room:read or room:write); found "
              + (bases.isEmpty() ? "none" : bases.size() + ": " + join(bases)),
          bases.isEmpty()
              ? "Add \"*:read\" or \"*:write\" to the list; feature scopes only adjust the base."
              : "Keep one of " + join(bases) + ".");
    }
    EnumMap<Resource, Permission> byFeature = new EnumMap<>(Resource.class);
    boolean noOpSeen = false;
    for (Permission p : parsed) {
      if (p.isNoOp()) {
        // Accepted for compatibility, but once: lists are stored as given, and a repeated no-op
        // would be the one way to grow a list without bound.
        if (noOpSeen) {
          throw new InvalidInputException(
              ErrorCode.INVALID_PERMISSION,
              field,
              field + " may contain " + p.value() + " at most once",
              "Remove the repeated \"" + p.value() + "\"; it has no effect.");
        }
        noOpSeen = true;
        continue;
      }
      if (p.isBase()) {
        continue;
      }
      Permission previous = byFeature.putIfAbsent(p.resource(), p);
      if (previous != null) {
        throw new InvalidInputException(
            ErrorCode.INVALID_PERMISSION,
            field,
            field
                + " may contain at most one "
                + p.resource().wireName()
                + " scope; found "
                + previous.value()
                + " and "
                + p.value(),
            "Keep the one scope you mean for " + p.resource().wireName() + ".");
      }
    }
    EnumMap<Resource, AccessLevel> features = new EnumMap<>(Resource.class);
    byFeature.forEach((resource, permission) -> features.put(resource, permission.level()));
    ExplicitAccess explicit = new ExplicitAccess(bases.getFirst().level(), features);
    return new PermissionList(Collections.unmodifiableList(parsed), explicit);
  }

  private static String join(List<Permission> permissions) {
    return String.join(", ", permissions.stream().map(Permission::value).toList());
  }

  /** True for {@code []}: no access. */
  public boolean isEmpty() {
    return permissions.isEmpty();
  }

  /** The permissions in the order given. */
  public List<Permission> permissions() {
    return permissions;
  }

  /** The strings as given, for storage and the wire. */
  public List<String> values() {
    return permissions.stream().map(Permission::value).toList();
  }

  /**
   * The normalised list: legacy names replaced by {@code *:…}, the no-op {@code
   * room:presence:write} dropped, the base first and features in {@link Resource} order.
   * Normalising twice gives the same list.
   */
  public List<String> canonical() {
    return permissions.stream()
        .filter(p -> !p.isNoOp())
        .map(Permission::canonical)
        .sorted(Comparator.comparing(p -> p.resource().ordinal()))
        .map(Permission::value)
        .toList();
  }

  /** The access this list grants on its own. */
  public AccessMatrix matrix() {
    return explicit.toMatrix();
  }

  ExplicitAccess explicit() {
    return explicit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PermissionList other && permissions.equals(other.permissions);
  }

  @Override
  public int hashCode() {
    return permissions.hashCode();
  }

  @Override
  public String toString() {
    return values().toString();
  }
}
