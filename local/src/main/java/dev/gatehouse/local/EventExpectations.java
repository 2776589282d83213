package dev.gatehouse.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What each file in {@code events/} must answer, and the check of an answer against it: one
 * definition for the events test (in-process) and the deploy rehearsal (the deployable artifacts
 * under Lambda's runtime client, on moto). An expectation names its {@code function}, then either
 * the HTTP {@code status} with an optional {@code body} subset and {@code bodyHas} keys, or the
 * raw {@code result} subset and {@code resultHas} keys, and optionally {@code then}: the users
 * and rooms the store must hold afterwards.
 */
public final class EventExpectations {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventExpectations() {}

  /** {@code local/src/test/resources/event-expectations.json}, by file name. */
  public static JsonNode load(Path repo) throws IOException {
    return JSON.readTree(repo.resolve("local/src/test/resources/event-expectations.json").toFile());
  }

  /** Whether the event is one the function should answer successfully. */
  public static boolean expectsSuccess(JsonNode expectation) {
    return expectation.has("result") || expectation.path("status").asInt() / 100 == 2;
  }

  /** Every way {@code response} (the function's raw answer) differs from the expectation; empty if none. */
  public static List<String> mismatches(JsonNode expectation, JsonNode response, Gatehouse store) {
    List<String> out = new ArrayList<>();
    if (expectation.has("result") || expectation.has("resultHas")) {
      if (expectation.has("result")) {
        subset(expectation.get("result"), response, "result", out);
      }
      expectation.path("resultHas").forEach(k -> {
        if (!response.has(k.asText())) {
          out.add("result has no " + k.asText() + ": " + response);
        }
      });
      out.addAll(storeMismatches(expectation.path("then"), store));
      return out;
    }
    int status = response.path("statusCode").asInt();
    if (status != expectation.get("status").asInt()) {
      out.add("status " + status + ", expected " + expectation.get("status").asInt() + ": " + response);
      return out;
    }
    String text = response.path("body").asText("");
    if (!expectation.has("body") && !expectation.has("bodyHas")) {
      if (!text.isEmpty()) {
        out.add("no body expected, got " + text);
      }
      return out;
    }
    JsonNode body;
    try {
      body = JSON.readTree(text);
    } catch (IOException e) {
      out.add("body is not JSON: " + text);
      return out;
    }
    if (expectation.has("body")) {
      subset(expectation.get("body"), body, "body", out);
    }
    expectation.path("bodyHas").forEach(k -> {
      if (!body.has(k.asText())) {
        out.add("body has no " + k.asText() + ": " + text);
      }
    });
    return out;
  }

  /** Every field of {@code expected} is in {@code actual} with the same value; arrays match element by element. */
  public static void subset(JsonNode expected, JsonNode actual, String path, List<String> out) {
    if (expected.isObject()) {
      if (actual == null || !actual.isObject()) {
        out.add(path + " should be an object, was " + actual);
        return;
      }
      expected.properties().forEach(e -> {
        if (!actual.has(e.getKey())) {
          out.add(path + "." + e.getKey() + " is missing in " + actual);
        } else {
          subset(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey(), out);
        }
      });
    } else if (expected.isArray()) {
      if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
        out.add(path + " should be an array of " + expected.size() + ", was " + actual);
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        subset(expected.get(i), actual.get(i), path + "[" + i + "]", out);
      }
    } else if (!expected.equals(actual)) {
      out.add(path + " is " + actual + ", expected " + expected);
    }
  }

  /** Which users and rooms exist afterwards, and some of their fields. */
  private static List<String> storeMismatches(JsonNode then, Gatehouse store) {
    List<String> out = new ArrayList<>();
    var rooms = store.store().rooms();
    then.path("usersExist").forEach(u -> check(out, userExists(store, u.asText()), "user " + u + " should exist"));
    then.path("usersAbsent").forEach(u -> check(out, !userExists(store, u.asText()), "user " + u + " should be gone"));
    then.path("roomsExist").forEach(r -> check(out, rooms.find(r.asText()).isPresent(), "room " + r + " should exist"));
    then.path("roomsAbsent").forEach(r -> check(out, rooms.find(r.asText()).isEmpty(), "room " + r + " should be gone"));
    then.path("roomMetadata").properties().forEach(e -> {
      Object actual = rooms.find(e.getKey()).map(r -> (Object) r.metadata()).orElse("no room");
      check(out, Objects.equals(JSON.convertValue(e.getValue(), Map.class), actual), "metadata of " + e.getKey() + " is " + actual);
    });
    then.path("userTeams").properties().forEach(e -> {
      List<String> teams = new ArrayList<>();
      if (userExists(store, e.getKey())) {
        store.users().service().get(e.getKey()).teams().forEach(t -> teams.add(t.value()));
      }
      check(out, JSON.convertValue(e.getValue(), List.class).equals(teams), "teams of " + e.getKey() + " are " + teams);
    });
    return out;
  }

  private static boolean userExists(Gatehouse store, String userId) {
    try {
      store.users().service().get(userId);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void check(List<String> out, boolean ok, String message) {
    if (!ok) {
      out.add(message);
    }
  }
}
