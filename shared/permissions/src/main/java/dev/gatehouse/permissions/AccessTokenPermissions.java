package dev.gatehouse.permissions;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The permissions an access token carries: room patterns, each with a non-empty permission list.
 *
 * <p>For a room, the base access is the strongest base over all matching patterns; each feature
 * comes from the most specific matching pattern that sets it (the longest stem), ties taking the
 * strongest. No matching pattern means no access.
 */
public final class AccessTokenPermissions {
  /** A token that grants nothing. */
  public static final AccessTokenPermissions NONE = new AccessTokenPermissions(Map.of());

  private final Map<RoomPattern, PermissionList> byPattern;

  private AccessTokenPermissions(Map<RoomPattern, PermissionList> byPattern) {
    this.byPattern = Collections.unmodifiableMap(byPattern);
  }

  /**
   * Parses the {@code permissions} of an access token: at most {@value Limits#TOKEN_PATTERNS_MAX}
   * patterns, each with a valid, non-empty permission list.
   *
   * @param field the field named in errors, usually {@code permissions}
   * @throws InvalidInputException naming the pattern, the permission or the limit
   */
  public static AccessTokenPermissions parse(
      Map<String, ? extends Collection<String>> raw, String field) {
    if (raw == null) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PERMISSION,
          field,
          field + " must be an object of room pattern to permission list",
          "Send e.g. {\"my-room\": [\"*:write\"], \"org1:*\": [\"*:read\"]}.");
    }
    if (raw.size() > Limits.TOKEN_PATTERNS_MAX) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PERMISSION,
          field,
          field + " names " + raw.size() + " room patterns; the limit is " + Limits.TOKEN_PATTERNS_MAX,
          "Use prefix patterns such as \"org1:*\" to cover several rooms.");
    }
    Map<RoomPattern, PermissionList> parsed = new LinkedHashMap<>();
    raw.forEach(
        (pattern, permissions) -> {
          String path = field + "['" + pattern + "']";
          parsed.put(RoomPattern.parse(pattern, field), PermissionList.parseNonEmpty(permissions, path));
        });
    return new AccessTokenPermissions(parsed);
  }

  /** Wraps already-validated patterns (for instance, read back from a verified token). */
  public static AccessTokenPermissions of(Map<RoomPattern, PermissionList> byPattern) {
    if (byPattern.size() > Limits.TOKEN_PATTERNS_MAX) {
      throw new IllegalArgumentException("more than " + Limits.TOKEN_PATTERNS_MAX + " patterns");
    }
    return new AccessTokenPermissions(new LinkedHashMap<>(byPattern));
  }

  /** The patterns and their lists, in the order given. */
  public Map<RoomPattern, PermissionList> byPattern() {
    return byPattern;
  }

  /** The patterns as plain strings to string lists, for token claims and JSON. */
  public Map<String, List<String>> toWire() {
    Map<String, List<String>> wire = new LinkedHashMap<>();
    byPattern.forEach((pattern, list) -> wire.put(pattern.value(), list.values()));
    return wire;
  }

  /**
   * The outcome of resolving the patterns for one room.
   *
   * @param matrix the resolved access
   * @param matched the patterns that cover the room, in the token's order
   */
  public record Resolution(AccessMatrix matrix, List<RoomPattern> matched) {}

  /** Resolves the access to one room; empty when no pattern covers it. */
  public Optional<Resolution> resolve(String roomId) {
    List<RoomPattern> matched = new ArrayList<>();
    ExplicitAccess.Builder merged = new ExplicitAccess.Builder();
    EnumMap<Resource, Integer> specificity = new EnumMap<>(Resource.class);
    EnumMap<Resource, AccessLevel> features = new EnumMap<>(Resource.class);
    for (Map.Entry<RoomPattern, PermissionList> entry : byPattern.entrySet()) {
      RoomPattern pattern = entry.getKey();
      if (!pattern.matches(roomId)) {
        continue;
      }
      matched.add(pattern);
      ExplicitAccess explicit = entry.getValue().explicit();
      if (explicit.base() != null) {
        merged.strongestBase(explicit.base());
      }
      int own = pattern.specificity();
      for (Resource feature : Resource.FEATURES) {
        AccessLevel level = explicit.feature(feature);
        if (level == null) {
          continue;
        }
        int current = specificity.getOrDefault(feature, -1);
        if (own > current) {
          features.put(feature, level);
          specificity.put(feature, own);
        } else if (own == current) {
          features.merge(feature, level, AccessLevel::strongest);
        }
      }
    }
    if (matched.isEmpty()) {
      return Optional.empty();
    }
    features.forEach(merged::feature);
    return Optional.of(new Resolution(merged.build().toMatrix(), List.copyOf(matched)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessTokenPermissions other && byPattern.equals(other.byPattern);
  }

  @Override
  public int hashCode() {
    return byPattern.hashCode();
  }

  @Override
  public String toString() {
    return toWire().toString();
  }
}
