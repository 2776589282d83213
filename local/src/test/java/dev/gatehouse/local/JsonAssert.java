package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks that every field of an expected JSON value is present, with the same value, in the actual one. */
final class JsonAssert {
  private JsonAssert() {}

  static void containsSubset(JsonNode expected, JsonNode actual, String path) {
    if (expected.isObject()) {
      assertTrue(actual != null && actual.isObject(), path + " should be an object, was " + actual);
      expected.properties().forEach(e -> {
        JsonNode value = actual.get(e.getKey());
        if (value == null) {
          fail(path + "." + e.getKey() + " is missing in " + actual);
        }
        containsSubset(e.getValue(), value, path + "." + e.getKey());
      });
    } else if (expected.isArray()) {
      assertTrue(actual != null && actual.isArray(), path + " should be an array, was " + actual);
      assertEquals(expected.size(), actual.size(), path + " length in " + actual);
      for (int i = 0; i < expected.size(); i++) {
        containsSubset(expected.get(i), actual.get(i), path + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, path);
    }
  }
}
