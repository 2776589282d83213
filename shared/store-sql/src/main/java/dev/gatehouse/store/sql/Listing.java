package dev.gatehouse.store.sql;

import dev.gatehouse.store.Paging;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one round of a listing, and its run. Rows come in position order from a table
 * ({@code rooms}, {@code users}); with partitions (tenants, principals, teams) the positions are
 * first taken from an index table, each partition by its own ordered, limited range scan of the
 * index (DynamoDB's Query per partition), merged by {@code IN}: a round costs what it returns,
 * however many rows the partitions hold.
 *
 * @param table the table rows are read from
 * @param columns the columns after the position
 * @param position the table's position column ({@code created_order} or {@code id})
 * @param index the index table the partitions are in, and {@code indexPosition} its position column
 * @param partitionColumn the index table's partition column
 */
record Listing(String table, String columns, String position, String index, String indexPosition, String partitionColumn) {

  /** One round: up to {@code count} rows of {@code partitions} (all rows when empty) after {@code after}. */
  <T> List<Paging.Row<T>> read(SqlStore s, List<String> partitions, boolean all, boolean descending,
      Optional<String> after, int count, PagedRows.RowReader<T> reader) throws SQLException {
    String direction = descending ? " DESC" : " ASC";
    String beyond = descending ? " < ?" : " > ?";
    StringBuilder sql = new StringBuilder("SELECT ").append(position).append(", ").append(columns).append(" FROM ").append(table);
    if (all) {
      if (after.isPresent()) {
        sql.append(" WHERE ").append(position).append(beyond);
      }
    } else {
      sql.append(" WHERE ").append(position).append(" IN (");
      for (int i = 0; i < partitions.size(); i++) {
        sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT p FROM (SELECT ").append(indexPosition).append(" AS p FROM ")
            .append(index).append(" WHERE ").append(partitionColumn).append(" = ?");
        if (after.isPresent()) {
          sql.append(" AND ").append(indexPosition).append(beyond);
        }
        sql.append(" ORDER BY ").append(indexPosition).append(direction).append(" LIMIT ?)");
      }
      sql.append(")");
    }
    sql.append(" ORDER BY ").append(position).append(direction).append(" LIMIT ?");
    PreparedStatement q = s.statement(sql.toString());
    int i = 1;
    if (all) {
      if (after.isPresent()) {
        q.setString(i++, after.get());
      }
    } else {
      for (String partition : partitions) {
        q.setString(i++, partition);
        if (after.isPresent()) {
          q.setString(i++, after.get());
        }
        q.setInt(i++, count);
      }
    }
    q.setInt(i, count);
    try (ResultSet rs = q.executeQuery()) {
      return PagedRows.rows(rs, reader);
    }
  }
}
