package dev.gatehouse.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one page of a listing in rounds, as the DynamoDB store's paged read does: the first round
 * reads as many rows as the page holds, later ones (needed only when the filter rejected rows)
 * wider batches, at most {@value #MAX_ROUNDS} rounds, so a selective filter never makes one
 * request read without bound. A page cut short still carries the position to resume from. Each
 * round reads one row more than it examines, to know whether more follow; rows are decoded only
 * when examined. Shared by the SQL store and the in-memory one, so both page alike.
 */
public final class Paging {
  /** The DynamoDB store's rounds of candidates per page. */
  public static final int MAX_ROUNDS = 10;

  private Paging() {}

  public record Result<T>(List<T> items, Optional<String> nextPosition) {}

  /** A row of a listing: its position and how to decode the rest. */
  public record Row<T>(String position, Decoded<T> item) {}

  public interface Decoded<T> {
    T get();
  }

  /** Up to {@code count} rows strictly after {@code after} (in the listing's direction), in order. */
  public interface Rounds<T, E extends Exception> {
    List<Row<T>> read(Optional<String> after, int count) throws E;
  }

  public static <T, E extends Exception> Result<T> read(int limit, Optional<String> after, Rounds<T, E> rounds,
      Predicate<T> keep) throws E {
    int wider = Math.min(100, Math.max(25, limit * 2));
    List<T> page = new ArrayList<>();
    Optional<String> position = after;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int size = round == 0 ? Math.min(100, limit) : wider;
      List<Row<T>> rows = rounds.read(position, size + 1);
      int examined = Math.min(size, rows.size());
      for (int i = 0; i < examined; i++) {
        Row<T> row = rows.get(i);
        position = Optional.of(row.position());
        T item = row.item().get();
        if (keep.test(item)) {
          page.add(item);
          if (page.size() == limit) {
            return new Result<>(page, i + 1 < rows.size() ? position : Optional.empty());
          }
        }
      }
      if (rows.size() <= size) {
        return new Result<>(page, Optional.empty());
      }
    }
    return new Result<>(page, position);
  }
}
