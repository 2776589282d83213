package dev.gatehouse.permissions;

import java.util.List;

/**
 * The parts of a room that permissions address. {@link #ROOM} is the base ({@code *:…}); the
 * others are features that inherit the base unless a scope sets them. The two comment
 * visibilities inherit {@link #COMMENTS}.
 */
public enum Resource {
  ROOM("room"),
  STORAGE("storage"),
  COMMENTS("comments"),
  COMMENTS_PUBLIC("comments:public"),
  COMMENTS_PRIVATE("comments:private"),
  FEEDS("feeds");

  /** Every resource except the base, in wire order. */
  public static final List<Resource> FEATURES =
      List.of(STORAGE, COMMENTS, COMMENTS_PUBLIC, COMMENTS_PRIVATE, FEEDS);

  private final String wireName;

  Resource(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in permission strings and in the access matrix JSON. */
  public String wireName() {
    return wireName;
  }

  /** True for {@code comments:public} and {@code comments:private}, which inherit {@code comments}. */
  public boolean isCommentVisibility() {
    return this == COMMENTS_PUBLIC || this == COMMENTS_PRIVATE;
  }
}
