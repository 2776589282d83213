package dev.gatehouse.store.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Room metadata (string or list-of-string values) as a DynamoDB map of S and L-of-S. */
final class MetadataConverter implements AttributeConverter<Map<String, Object>> {
  static final EnhancedType<Map<String, Object>> TYPE =
      EnhancedType.mapOf(EnhancedType.of(String.class), EnhancedType.of(Object.class));

  @Override
  public AttributeValue transformFrom(Map<String, Object> metadata) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    metadata.forEach((key, value) -> out.put(key, toAttribute(value)));
    return AttributeValue.fromM(out);
  }

  private static AttributeValue toAttribute(Object value) {
    if (value instanceof String s) {
      return AttributeValue.fromS(s);
    }
    if (value instanceof List<?> list) {
      List<AttributeValue> items = new ArrayList<>(list.size());
      for (Object item : list) {
        items.add(AttributeValue.fromS((String) item));
      }
      return AttributeValue.fromL(items);
    }
    throw new IllegalArgumentException("metadata values are strings or lists of strings");
  }

  @Override
  public Map<String, Object> transformTo(AttributeValue input) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!input.hasM()) {
      return out;
    }
    input.m().forEach((key, value) -> {
      if (value.s() != null) {
        out.put(key, value.s());
      } else if (value.hasL()) {
        out.put(key, value.l().stream().map(AttributeValue::s).toList());
      }
    });
    return out;
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
