package dev.gatehouse.bench.cost;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size of a DynamoDB item as DynamoDB bills it (Developer Guide, "Item sizes and formats"):
 * attribute names count in UTF-8 bytes; a string is its UTF-8 length; a number about one byte per
 * two significant digits plus one; binary its length; null and boolean one byte; a list or map 3
 * bytes of overhead plus one byte per element plus the elements (map keys count like names).
 */
final class ItemSize {
  private ItemSize() {}

  static long of(Map<String, AttributeValue> item) {
    if (item == null || item.isEmpty()) {
      return 0;
    }
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8(e.getKey()) + value(e.getValue());
    }
    return size;
  }

  static long value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.b() != null) {
      return v.b().asByteArrayUnsafe().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    if (v.hasL()) {
      long size = 3;
      for (AttributeValue element : v.l()) {
        size += 1 + value(element);
      }
      return size;
    }
    if (v.hasM()) {
      long size = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        size += 1 + utf8(e.getKey()) + value(e.getValue());
      }
      return size;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToLong(ItemSize::utf8).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToLong(ItemSize::number).sum();
    }
    if (v.hasBs()) {
      return v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
    }
    return 1;
  }

  private static long number(String n) {
    String digits = new BigDecimal(n).stripTrailingZeros().unscaledValue().abs().toString();
    return (digits.length() + 1) / 2 + 1;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
