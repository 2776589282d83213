package dev.gatehouse.store.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A change's data (plain JSON values: strings, booleans, whole numbers, null, lists, maps) as a
 * DynamoDB map. An empty list is an empty L, so a change's "no entries" stays a list.
 */
final class ChangeDataConverter implements AttributeConverter<Map<String, Object>> {
  static final EnhancedType<Map<String, Object>> TYPE =
      EnhancedType.mapOf(EnhancedType.of(String.class), EnhancedType.of(Object.class));

  @Override
  public AttributeValue transformFrom(Map<String, Object> data) {
    return attribute(data);
  }

  private static AttributeValue attribute(Object value) {
    return switch (value) {
      case null -> AttributeValue.fromNul(true);
      case String s -> AttributeValue.fromS(s);
      case Boolean b -> AttributeValue.fromBool(b);
      case Number n -> AttributeValue.fromN(Long.toString(n.longValue()));
      case List<?> list -> {
        List<AttributeValue> items = new ArrayList<>(list.size());
        list.forEach(item -> items.add(attribute(item)));
        yield AttributeValue.fromL(items);
      }
      case Map<?, ?> map -> {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, attribute(v)));
        yield AttributeValue.fromM(out);
      }
      default -> throw new IllegalArgumentException("a change's data holds plain JSON values, not " + value.getClass());
    };
  }

  @Override
  public Map<String, Object> transformTo(AttributeValue input) {
    @SuppressWarnings("unchecked")
    Map<String, Object> data = input.hasM() ? (Map<String, Object>) plain(input) : new LinkedHashMap<>();
    return data;
  }

  private static Object plain(AttributeValue value) {
    if (Boolean.TRUE.equals(value.nul())) {
      return null;
    }
    if (value.s() != null) {
      return value.s();
    }
    if (value.bool() != null) {
      return value.bool();
    }
    if (value.n() != null) {
      return Long.parseLong(value.n());
    }
    if (value.hasL()) {
      List<Object> list = new ArrayList<>();
      value.l().forEach(item -> list.add(plain(item)));
      return list;
    }
    if (value.hasM()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.m().forEach((k, v) -> map.put(k, plain(v)));
      return map;
    }
    return null;
  }

  @Override
  public EnhancedType<Map<String, Object>> type() {
    return TYPE;
  }

  @Override
  public AttributeValueType attributeValueType() {
    return AttributeValueType.M;
  }
}
