package dev.gatehouse.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns a listing query's rows into one page, as the DynamoDB store's paged read does: rows pass
 * the filter or are skipped, and a page stops at the limit or after as many rows as that read
 * examines at most ({@link #maxExamined}), so a selective filter never makes one request read
 * without bound. A page cut short still carries the position to resume from. Every query selects
 * the row's position (its order column) first.
 */
final class PagedRows {
  /** The DynamoDB store's rounds of candidates per page. */
  private static final int MAX_ROUNDS = 10;

  private PagedRows() {}

  record Result<T>(List<T> items, Optional<String> nextPosition) {}

  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** How many rows one page may examine: a first batch of the page's size, then wider ones. */
  static int maxExamined(int limit) {
    int wider = Math.min(100, Math.max(25, limit * 2));
    return Math.min(100, limit) + (MAX_ROUNDS - 1) * wider;
  }

  /** Reads a page; the query was limited to {@code maxExamined(limit) + 1} rows. */
  static <T> Result<T> read(ResultSet rows, int limit, RowReader<T> reader, Predicate<T> keep) throws SQLException {
    int bound = maxExamined(limit);
    List<T> page = new ArrayList<>();
    String lastExamined = null;
    int examined = 0;
    while (examined < bound && rows.next()) {
      examined++;
      lastExamined = rows.getString(1);
      T item = reader.read(rows);
      if (keep.test(item)) {
        page.add(item);
        if (page.size() == limit) {
          return new Result<>(page, rows.next() ? Optional.of(lastExamined) : Optional.empty());
        }
      }
    }
    return new Result<>(page, examined == bound && rows.next() ? Optional.of(lastExamined) : Optional.empty());
  }

  /** {@code ?, ?, ?} for {@code n} values. */
  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
