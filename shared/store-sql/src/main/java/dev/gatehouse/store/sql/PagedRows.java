package dev.gatehouse.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads one page of a listing in rounds, as the DynamoDB store's paged read does: the first round
 * reads as many rows as the page holds, later ones (needed only when the filter rejected rows)
 * wider batches, at most {@value #MAX_ROUNDS} rounds, so a selective filter never makes one
 * request read without bound. A page cut short still carries the position to resume from. Each
 * round reads one row more than it examines, to know whether more follow; rows are decoded only
 * when examined.
 */
final class PagedRows {
  /** The DynamoDB store's rounds of candidates per page. */
  static final int MAX_ROUNDS = 10;

  private PagedRows() {}

  record Result<T>(List<T> items, Optional<String> nextPosition) {}

  /** A row of a listing query: its position (the first column) and how to decode the rest. */
  record Row<T>(String position, Decoded<T> item) {}

  interface Decoded<T> {
    T get();
  }

  /** Up to {@code count} rows strictly after {@code after} (in the listing's direction), in order. */
  interface Rounds<T> {
    List<Row<T>> read(Optional<String> after, int count) throws SQLException;
  }

  interface RowReader<T> {
    Decoded<T> read(ResultSet row) throws SQLException;
  }

  static <T> Result<T> read(int limit, Optional<String> after, Rounds<T> rounds, Predicate<T> keep) throws SQLException {
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

  /** Runs a listing query whose first column is the position. */
  static <T> List<Row<T>> rows(ResultSet rs, RowReader<T> reader) throws SQLException {
    List<Row<T>> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(new Row<>(rs.getString(1), reader.read(rs)));
    }
    return rows;
  }

  /** {@code ?, ?, ?} for {@code n} values. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
