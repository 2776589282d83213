package dev.gatehouse.permissions;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The resolved access of one principal to one room: a level for the base ({@code room}) and for
 * each feature. Immutable.
 */
public final class AccessMatrix {
  /** No access to anything. */
  public static final AccessMatrix NONE =
      of(AccessLevel.NONE, AccessLevel.NONE, AccessLevel.NONE, AccessLevel.NONE, AccessLevel.NONE,
          AccessLevel.NONE);
  /** Write access to everything, as {@code *:write} alone gives. */
  public static final AccessMatrix FULL =
      of(AccessLevel.WRITE, AccessLevel.WRITE, AccessLevel.WRITE, AccessLevel.WRITE,
          AccessLevel.WRITE, AccessLevel.WRITE);

  private final EnumMap<Resource, AccessLevel> levels;

  private AccessMatrix(EnumMap<Resource, AccessLevel> levels) {
    this.levels = levels;
  }

  /** A matrix from its six levels, in {@link Resource} order. */
  public static AccessMatrix of(
      AccessLevel room,
      AccessLevel storage,
      AccessLevel comments,
      AccessLevel commentsPublic,
      AccessLevel commentsPrivate,
      AccessLevel feeds) {
    EnumMap<Resource, AccessLevel> levels = new EnumMap<>(Resource.class);
    levels.put(Resource.ROOM, Objects.requireNonNull(room));
    levels.put(Resource.STORAGE, Objects.requireNonNull(storage));
    levels.put(Resource.COMMENTS, Objects.requireNonNull(comments));
    levels.put(Resource.COMMENTS_PUBLIC, Objects.requireNonNull(commentsPublic));
    levels.put(Resource.COMMENTS_PRIVATE, Objects.requireNonNull(commentsPrivate));
    levels.put(Resource.FEEDS, Objects.requireNonNull(feeds));
    return new AccessMatrix(levels);
  }

  /** The level for one resource. */
  public AccessLevel level(Resource resource) {
    return levels.get(resource);
  }

  /** The base level: {@code none} means the principal may not enter the room at all. */
  public AccessLevel room() {
    return levels.get(Resource.ROOM);
  }

  /** True when the principal may enter the room (base access at least {@code read}). */
  public boolean canEnter() {
    return room().atLeast(AccessLevel.READ);
  }

  /** The matrix as wire names in resource order: {@code {"room": "write", "storage": "read", …}}. */
  public Map<String, String> toWire() {
    Map<String, String> wire = new LinkedHashMap<>();
    levels.forEach((resource, level) -> wire.put(resource.wireName(), level.wireName()));
    return Collections.unmodifiableMap(wire);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessMatrix other && levels.equals(other.levels);
  }

  @Override
  public int hashCode() {
    return levels.hashCode();
  }

  @Override
  public String toString() {
    return toWire().toString();
  }
}
