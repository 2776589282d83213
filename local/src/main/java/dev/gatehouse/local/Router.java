package dev.gatehouse.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a request to a route the way API Gateway HTTP APIs do: exact segments and {@code
 * {param}} segments, the most specific route (most literal segments) first.
 */
final class Router<T> {
  private record Entry<T>(String method, String[] segments, int literals, String template, T target) {}

  /** A match: the target, the route's template and its decoded path parameters. */
  record Match<T>(T target, String method, String template, Map<String, String> pathParameters) {}

  private final List<Entry<T>> entries = new ArrayList<>();

  void add(String method, String template, T target) {
    String[] segments = split(template);
    int literals = 0;
    for (String s : segments) {
      if (!isParameter(s)) {
        literals++;
      }
    }
    entries.add(new Entry<>(method, segments, literals, template, target));
    entries.sort(Comparator.comparingInt((Entry<T> e) -> -e.literals()));
  }

  /** The route for this method and already-decoded path segments. */
  Optional<Match<T>> match(String method, List<String> pathSegments) {
    for (Entry<T> e : entries) {
      if (!e.method().equals(method) || e.segments().length != pathSegments.size()) {
        continue;
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      boolean ok = true;
      for (int i = 0; i < e.segments().length && ok; i++) {
        String expected = e.segments()[i];
        if (isParameter(expected)) {
          parameters.put(expected.substring(1, expected.length() - 1), pathSegments.get(i));
        } else {
          ok = expected.equals(pathSegments.get(i));
        }
      }
      if (ok) {
        return Optional.of(new Match<>(e.target(), e.method(), e.template(), parameters));
      }
    }
    return Optional.empty();
  }

  /** True when some route has this path, with another method. */
  boolean hasPath(List<String> pathSegments) {
    for (Entry<T> e : entries) {
      for (String method : List.of(e.method())) {
        if (match(method, pathSegments).isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isParameter(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }
}
