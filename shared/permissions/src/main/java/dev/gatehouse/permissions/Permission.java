package dev.gatehouse.permissions;

import dev.gatehouse.errors.ErrorCode;
import dev.gatehouse.errors.InvalidInputException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every permission string Gatehouse accepts, in the Liveblocks {@code resource:scope} format.
 *
 * <p>{@code *:read} and {@code *:write} set the base access of the whole room; {@code room:read}
 * and {@code room:write} are their legacy names. {@code room:presence:write} is a legacy string
 * that is accepted and has no effect. Feature scopes raise or lower one feature.
 */
public enum Permission {
  READ("*:read", Resource.ROOM, AccessLevel.READ),
  WRITE("*:write", Resource.ROOM, AccessLevel.WRITE),
  ROOM_READ("room:read", Resource.ROOM, AccessLevel.READ),
  ROOM_WRITE("room:write", Resource.ROOM, AccessLevel.WRITE),
  ROOM_PRESENCE_WRITE("room:presence:write", null, null),
  STORAGE_READ("storage:read", Resource.STORAGE, AccessLevel.READ),
  STORAGE_WRITE("storage:write", Resource.STORAGE, AccessLevel.WRITE),
  STORAGE_NONE("storage:none", Resource.STORAGE, AccessLevel.NONE),
  COMMENTS_READ("comments:read", Resource.COMMENTS, AccessLevel.READ),
  COMMENTS_WRITE("comments:write", Resource.COMMENTS, AccessLevel.WRITE),
  COMMENTS_NONE("comments:none", Resource.COMMENTS, AccessLevel.NONE),
  COMMENTS_PUBLIC_READ("comments:public:read", Resource.COMMENTS_PUBLIC, AccessLevel.READ),
  COMMENTS_PUBLIC_WRITE("comments:public:write", Resource.COMMENTS_PUBLIC, AccessLevel.WRITE),
  COMMENTS_PUBLIC_NONE("comments:public:none", Resource.COMMENTS_PUBLIC, AccessLevel.NONE),
  COMMENTS_PRIVATE_READ("comments:private:read", Resource.COMMENTS_PRIVATE, AccessLevel.READ),
  COMMENTS_PRIVATE_WRITE("comments:private:write", Resource.COMMENTS_PRIVATE, AccessLevel.WRITE),
  COMMENTS_PRIVATE_NONE("comments:private:none", Resource.COMMENTS_PRIVATE, AccessLevel.NONE),
  FEEDS_READ("feeds:read", Resource.FEEDS, AccessLevel.READ),
  FEEDS_WRITE("feeds:write", Resource.FEEDS, AccessLevel.WRITE),
  FEEDS_NONE("feeds:none", Resource.FEEDS, AccessLevel.NONE);

  private static final Map<String, Permission> BY_VALUE = new HashMap<>();
  /** The list shown in error messages, in declaration order. */
  static final String KNOWN =
      Arrays.stream(values()).map(Permission::value).collect(Collectors.joining(", "));

  static {
    for (Permission p : values()) {
      BY_VALUE.put(p.value, p);
    }
  }

  private final String value;
  private final Resource resource;
  private final AccessLevel level;

  Permission(String value, Resource resource, AccessLevel level) {
    this.value = value;
    this.resource = resource;
    this.level = level;
  }

  /** The exact string, e.g. {@code storage:read}. */
  public String value() {
    return value;
  }

  /** True for {@code *:read}, {@code *:write} and their legacy names. */
  public boolean isBase() {
    return resource == Resource.ROOM;
  }

  /** True for the legacy {@code room:presence:write}, accepted without effect. */
  public boolean isNoOp() {
    return resource == null;
  }

  /** The resource this permission sets; {@code null} for the no-op legacy string. */
  public Resource resource() {
    return resource;
  }

  /** The level this permission sets; {@code null} for the no-op legacy string. */
  public AccessLevel level() {
    return level;
  }

  /** The non-legacy permission with the same effect ({@code room:write} → {@code *:write}). */
  public Permission canonical() {
    return switch (this) {
      case ROOM_READ -> READ;
      case ROOM_WRITE -> WRITE;
      default -> this;
    };
  }

  /**
   * Parses one permission string.
   *
   * @param field where the string came from, named in the error (e.g. {@code defaultAccesses})
   * @throws InvalidInputException {@code INVALID_PERMISSION} naming the string when it is unknown
   */
  public static Permission parse(String value, String field) {
    Permission p = value == null ? null : BY_VALUE.get(value);
    if (p == null) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PERMISSION,
          field,
          value == null
              ? field + " contains null; permissions are strings"
              : "Unknown permission \"" + value + "\" in " + field,
          "Use one of: " + KNOWN + ".");
    }
    return p;
  }
}
