package dev.gatehouse.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.store.Positions;
import dev.gatehouse.store.changes.ChangeType;
import dev.gatehouse.store.changes.Changes;
import dev.gatehouse.store.webhooks.Webhook;
import dev.gatehouse.store.webhooks.WebhookDelivery;
import dev.gatehouse.store.webhooks.WebhookRepository;
import dev.gatehouse.telemetry.Actor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The webhooks in {@code webhooks}; registering and removing one record the change in the same transaction. */
final class SqlWebhookRepository implements WebhookRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS = "id, url, events, secret, created_at, cursor, attempts, retry_at, last_error, "
      + "last_delivered_at, disabled_at";
  private final SqlStore store;

  SqlWebhookRepository(SqlStore store) {
    this.store = store;
  }

  @Override
  public Webhook create(Webhook webhook) {
    return store.transaction("register a webhook", s -> {
      PreparedStatement insert = s.statement("INSERT INTO webhooks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insert.setString(1, webhook.id());
      insert.setString(2, webhook.url());
      try {
        insert.setString(3, JSON.writeValueAsString(webhook.events()));
      } catch (JsonProcessingException e) {
        throw new SQLException("events are not JSON", e);
      }
      insert.setString(4, webhook.secret());
      insert.setString(5, Positions.timestamp(webhook.createdAt()));
      bindDelivery(insert, 6, webhook.delivery());
      insert.executeUpdate();
      if (!webhook.isBus()) {
        SqlChangeLog.record(s, Optional.of(Changes.ofWebhook(ChangeType.WEBHOOK_CREATED, webhook, s.clock.instant(), Actor.current())));
      }
      return webhook;
    });
  }

  /** The delivery's six columns from {@code first}: cursor, attempts, retry_at, last_error, last_delivered_at, disabled_at. */
  private static void bindDelivery(PreparedStatement q, int first, WebhookDelivery d) throws SQLException {
    q.setLong(first, d.cursor());
    q.setInt(first + 1, d.attempts());
    q.setString(first + 2, d.retryAt().map(Positions::timestamp).orElse(null));
    q.setString(first + 3, d.lastError().orElse(null));
    q.setString(first + 4, d.lastDeliveredAt().map(Positions::timestamp).orElse(null));
    q.setString(first + 5, d.disabled().map(Positions::timestamp).orElse(null));
  }

  @Override
  public List<Webhook> list() {
    return store.read("list the webhooks", s -> webhooks(s.statement("SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, id")));
  }

  @Override
  public Optional<Webhook> find(String id) {
    return store.read("read a webhook", s -> find(s, id));
  }

  private static Optional<Webhook> find(SqlStore s, String id) throws SQLException {
    PreparedStatement q = s.statement("SELECT " + COLUMNS + " FROM webhooks WHERE id = ?");
    q.setString(1, id);
    return webhooks(q).stream().findFirst();
  }

  @Override
  public Optional<Webhook> delete(String id) {
    return store.transaction("remove a webhook", s -> {
      Optional<Webhook> found = find(s, id);
      if (found.isPresent()) {
        PreparedStatement delete = s.statement("DELETE FROM webhooks WHERE id = ?");
        delete.setString(1, id);
        delete.executeUpdate();
        if (!found.get().isBus()) {
          SqlChangeLog.record(s, Optional.of(Changes.ofWebhook(ChangeType.WEBHOOK_DELETED, found.get(), s.clock.instant(),
              Actor.current())));
        }
      }
      return found;
    });
  }

  @Override
  public Optional<Lease> claim(String id, Instant now, Instant until) {
    String token = UUID.randomUUID().toString();
    return store.transaction("claim a webhook's delivery", s -> {
      PreparedStatement update = s.statement("UPDATE webhooks SET lease_token = ?, lease_until = ? WHERE id = ?"
          + " AND (lease_until IS NULL OR lease_until <= ?)");
      update.setString(1, token);
      update.setString(2, Positions.timestamp(until));
      update.setString(3, id);
      update.setString(4, Positions.timestamp(now));
      if (update.executeUpdate() == 0) {
        return Optional.<Lease>empty();
      }
      return find(s, id).map(webhook -> new Lease(webhook, token));
    });
  }

  @Override
  public boolean release(Lease lease, WebhookDelivery delivery) {
    return store.transaction("record a webhook's delivery", s -> {
      PreparedStatement update = s.statement("UPDATE webhooks SET cursor = ?, attempts = ?, retry_at = ?, last_error = ?,"
          + " last_delivered_at = ?, disabled_at = ?, lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?");
      bindDelivery(update, 1, delivery);
      update.setString(7, lease.webhook().id());
      update.setString(8, lease.token());
      return update.executeUpdate() == 1;
    });
  }

  private static List<Webhook> webhooks(PreparedStatement q) throws SQLException {
    List<Webhook> webhooks = new ArrayList<>();
    try (ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        List<String> events;
        try {
          events = JSON.readValue(rs.getString(3), new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
          throw new SQLException("a webhook's events are not JSON", e);
        }
        WebhookDelivery delivery = new WebhookDelivery(rs.getLong(6), rs.getInt(7), time(rs.getString(8)),
            Optional.ofNullable(rs.getString(9)), time(rs.getString(10)), time(rs.getString(11)));
        webhooks.add(new Webhook(rs.getString(1), rs.getString(2), events, rs.getString(4), Instant.parse(rs.getString(5)), delivery));
      }
    }
    return webhooks;
  }

  private static Optional<Instant> time(String value) {
    return Optional.ofNullable(value).map(Instant::parse);
  }
}
