package dev.gatehouse.store.sql;

import dev.gatehouse.store.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Rows of a SQL listing query as {@link Paging} reads them. */
final class PagedRows {
  private PagedRows() {}

  interface RowReader<T> {
    Paging.Decoded<T> read(ResultSet row) throws SQLException;
  }

  /** Runs a listing query whose first column is the position. */
  static <T> List<Paging.Row<T>> rows(ResultSet rs, RowReader<T> reader) throws SQLException {
    List<Paging.Row<T>> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(new Paging.Row<>(rs.getString(1), reader.read(rs)));
    }
    return rows;
  }

  /** {@code ?, ?, ?} for {@code n} values. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
