package dev.gatehouse.store.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.telemetry.Actor;
import dev.gatehouse.store.changes.Change;
import dev.gatehouse.store.changes.ChangeType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A recorded change: in the outbox ({@code OUTBOX / <at>#<id>}), written in the transaction of the
 * write that made it, and once placed in the log ({@code CHANGES / <seq>}, and {@code
 * CHANGES#<tenant> / <seq>} for a tenant's change or {@code CHANGESP / <seq>} for a project-wide
 * one), where it expires (TTL) after the retention.
 */
final class ChangeItem {
  static final String TYPE = "CHANGE";

  static final StaticTableSchema<ChangeItem> SCHEMA =
      StaticTableSchema.builder(ChangeItem.class)
          .newItemSupplier(ChangeItem::new)
          .addAttribute(String.class, a -> a.name(Keys.PK).getter(i -> i.pk).setter((i, v) -> i.pk = v).tags(primaryPartitionKey()))
          .addAttribute(String.class, a -> a.name(Keys.SK).getter(i -> i.sk).setter((i, v) -> i.sk = v).tags(primarySortKey()))
          .addAttribute(String.class, a -> a.name("type").getter(i -> i.type).setter((i, v) -> i.type = v))
          .addAttribute(String.class, a -> a.name("id").getter(i -> i.id).setter((i, v) -> i.id = v))
          .addAttribute(String.class, a -> a.name("change").getter(i -> i.change).setter((i, v) -> i.change = v))
          .addAttribute(String.class, a -> a.name("at").getter(i -> i.at).setter((i, v) -> i.at = v))
          .addAttribute(String.class, a -> a.name("tenant").getter(i -> i.tenant).setter((i, v) -> i.tenant = v))
          .addAttribute(String.class, a -> a.name("subject").getter(i -> i.subject).setter((i, v) -> i.subject = v))
          .addAttribute(ChangeDataConverter.TYPE, a -> a.name("data").getter(i -> i.data).setter((i, v) -> i.data = v)
              .attributeConverter(new ChangeDataConverter()))
          .addAttribute(String.class, a -> a.name("actorKind").getter(i -> i.actorKind).setter((i, v) -> i.actorKind = v))
          .addAttribute(String.class, a -> a.name("actorId").getter(i -> i.actorId).setter((i, v) -> i.actorId = v))
          .addAttribute(String.class, a -> a.name("actorVia").getter(i -> i.actorVia).setter((i, v) -> i.actorVia = v))
          .addAttribute(Boolean.class, a -> a.name("delivered").getter(i -> i.delivered).setter((i, v) -> i.delivered = v))
          .addAttribute(Long.class, a -> a.name("seq").getter(i -> i.seq).setter((i, v) -> i.seq = v))
          .addAttribute(Long.class, a -> a.name(Keys.TTL).getter(i -> i.expiresAt).setter((i, v) -> i.expiresAt = v))
          .build();

  String pk;
  String sk;
  String type;
  String id;
  String change;
  String at;
  String tenant;
  String subject;
  Map<String, Object> data;
  String actorKind;
  String actorId;
  String actorVia;
  Boolean delivered;
  Long seq;
  Long expiresAt;

  /** The outbox item of a change its write records. */
  static ChangeItem outbox(Change change) {
    ChangeItem item = of(change);
    item.pk = Keys.OUTBOX;
    item.sk = Keys.timestamp(change.at()) + "#" + change.id();
    return item;
  }

  private static ChangeItem of(Change change) {
    ChangeItem item = new ChangeItem();
    item.type = TYPE;
    item.id = change.id();
    item.change = change.type().wireName();
    item.at = Keys.timestamp(change.at());
    item.tenant = change.tenant().map(TenantId::value).orElse(null);
    item.subject = change.subject();
    item.data = change.data();
    item.actorKind = change.actor().kind();
    item.actorId = change.actor().id();
    item.actorVia = change.actor().via();
    item.delivered = change.type().delivered();
    return item;
  }

  /** The change; empty for a type this version does not know (recorded by a newer one). */
  Optional<Change> toChange() {
    return ChangeType.fromWire(change).map(type -> new Change(id, type, Instant.parse(at),
        Optional.ofNullable(tenant).map(TenantId::new), subject, data == null ? Map.of() : data,
        new Actor(actorKind, actorId, actorVia), seq == null ? 0 : seq));
  }

  /** This outbox item placed at {@code seq} in {@code pk}: copied as it is, whatever its type. */
  ChangeItem placedAt(String pk, long seq, long expiresAt) {
    ChangeItem item = new ChangeItem();
    item.pk = pk;
    item.sk = Keys.sequence(seq);
    item.type = type;
    item.id = id;
    item.change = change;
    item.at = at;
    item.tenant = tenant;
    item.subject = subject;
    item.data = data;
    item.actorKind = actorKind;
    item.actorId = actorId;
    item.actorVia = actorVia;
    item.delivered = delivered;
    item.seq = seq;
    item.expiresAt = expiresAt;
    return item;
  }
}
