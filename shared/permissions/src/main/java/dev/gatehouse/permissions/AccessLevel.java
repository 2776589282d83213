package dev.gatehouse.permissions;

/** How much a principal may do with one resource of a room, weakest first. */
public enum AccessLevel {
  NONE("none"),
  READ("read"),
  WRITE("write");

  private final String wireName;

  AccessLevel(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in permission strings and JSON: {@code none}, {@code read}, {@code write}. */
  public String wireName() {
    return wireName;
  }

  /** True when this level grants at least what {@code required} grants. */
  public boolean atLeast(AccessLevel required) {
    return compareTo(required) >= 0;
  }

  /** The stronger of two levels. */
  public static AccessLevel strongest(AccessLevel a, AccessLevel b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
