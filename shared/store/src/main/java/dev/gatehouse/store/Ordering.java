package dev.gatehouse.store;

/**
 * The order of a listing: by creation time (then id) or by id, either way.
 *
 * @param field what to sort on
 * @param descending newest (or highest id) first
 */
public record Ordering(Field field, boolean descending) {
  /** What listings sort on. */
  public enum Field {
    CREATED_AT,
    ID
  }

  /** Newest first: what {@code GET /v2/rooms} always does. */
  public static final Ordering NEWEST_FIRST = new Ordering(Field.CREATED_AT, true);
}
