package dev.gatehouse.service.query;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed query filter (see {@link FilterParser}): a typed tree that evaluates against any
 * subject whose fields it can read as sets of strings (a room's {@code team} is one value or
 * none, a user's {@code teams} many).
 */
public sealed interface Filter permits Filter.And, Filter.Or, Filter.Compare, Filter.AnyValue, Filter.NoValue {

  /** True when the subject, read through {@code values}, matches. */
  boolean test(Function<String, Set<String>> values);

  /** The filter that matches everything. */
  Filter ALL = new And(List.of());

  /** The comparison operators. */
  enum Op {
    EQ, NE, IN, NIN, GT, GTE, LT, LTE, EXISTS, AUTOCOMPLETE
  }

  /** Every child matches. */
  record And(List<Filter> all) implements Filter {
    public And {
      all = List.copyOf(all);
    }

    @Override
    public boolean test(Function<String, Set<String>> values) {
      for (Filter f : all) {
        if (!f.test(values)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Some child matches. */
  record Or(List<Filter> any) implements Filter {
    public Or {
      any = List.copyOf(any);
    }

    @Override
    public boolean test(Function<String, Set<String>> values) {
      for (Filter f : any) {
        if (f.test(values)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A comparison on one field. The operand is a String ({@code $eq}, {@code $ne}, {@code
   * $autocomplete}), a List of String ({@code $in}, {@code $nin}), an Instant ({@code $gt}…), or a
   * Boolean ({@code $exists}).
   */
  record Compare(String field, Op op, Object operand) implements Filter {
    @Override
    public boolean test(Function<String, Set<String>> values) {
      Set<String> actual = values.apply(field);
      return switch (op) {
        case EQ -> actual.contains((String) operand);
        case NE -> !actual.contains((String) operand);
        case IN -> intersects(actual, (List<?>) operand);
        case NIN -> !intersects(actual, (List<?>) operand);
        case EXISTS -> !actual.isEmpty() == (Boolean) operand;
        case AUTOCOMPLETE -> autocompletes(actual, (String) operand);
        case GT, GTE, LT, LTE -> actual.stream().anyMatch(v -> compares(Instant.parse(v), (Instant) operand));
      };
    }

    private boolean compares(Instant value, Instant bound) {
      int c = value.compareTo(bound);
      return switch (op) {
        case GT -> c > 0;
        case GTE -> c >= 0;
        case LT -> c < 0;
        case LTE -> c <= 0;
        default -> false;
      };
    }

    private static boolean intersects(Set<String> actual, List<?> wanted) {
      for (Object w : wanted) {
        if (actual.contains(w)) {
          return true;
        }
      }
      return false;
    }

    /** A prefix of the value, or of any word in it, ignoring case. */
    private static boolean autocompletes(Set<String> actual, String prefix) {
      String p = prefix.toLowerCase(Locale.ROOT);
      for (String value : actual) {
        for (String word : value.toLowerCase(Locale.ROOT).split("\\s+")) {
          if (word.startsWith(p)) {
            return true;
          }
        }
        if (value.toLowerCase(Locale.ROOT).startsWith(p)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code {"team": {}}}: any value at all, or none (a request for every team). */
  record AnyValue(String field) implements Filter {
    @Override
    public boolean test(Function<String, Set<String>> values) {
      return true;
    }
  }

  /** {@code {"team": null}} or {@code {"team": {"$eq": null}}}: no value (no team). */
  record NoValue(String field) implements Filter {
    @Override
    public boolean test(Function<String, Set<String>> values) {
      return values.apply(field).isEmpty();
    }
  }

  /** True when the filter mentions {@code field} anywhere. */
  static boolean names(Filter filter, String field) {
    return switch (filter) {
      case And and -> and.all().stream().anyMatch(f -> names(f, field));
      case Or or -> or.any().stream().anyMatch(f -> names(f, field));
      case Compare c -> c.field().equals(field);
      case AnyValue a -> a.field().equals(field);
      case NoValue n -> n.field().equals(field);
    };
  }

  /**
   * The values {@code field} is limited to, when the filter pins it to a set: the empty string
   * stands for "no value". Empty when the filter does not limit the field (reading every
   * partition is then needed).
   */
  static Optional<Set<String>> limits(Filter filter, String field) {
    return switch (filter) {
      case Compare c when c.field().equals(field) && c.op() == Op.EQ -> Optional.of(Set.of((String) c.operand()));
      case Compare c when c.field().equals(field) && c.op() == Op.IN -> Optional.of(Set.copyOf(((List<?>) c.operand()).stream().map(String::valueOf).toList()));
      case NoValue n when n.field().equals(field) -> Optional.of(Set.of(""));
      case And and -> {
        Optional<Set<String>> limit = Optional.empty();
        for (Filter f : and.all()) {
          Optional<Set<String>> child = limits(f, field);
          if (child.isPresent()) {
            if (limit.isEmpty()) {
              limit = Optional.of(new HashSet<>(child.get()));
            } else {
              limit.get().retainAll(child.get());
            }
          }
        }
        yield limit;
      }
      case Or or -> {
        Set<String> union = new HashSet<>();
        for (Filter f : or.any()) {
          Optional<Set<String>> child = limits(f, field);
          if (child.isEmpty()) {
            yield Optional.empty();
          }
          union.addAll(child.get());
        }
        // No alternative matches nothing, so it pins no team (an empty $or is only ever injected,
        // for a caller whose own reach is empty): read nothing, never every partition.
        yield Optional.of(union);
      }
      default -> Optional.empty();
    };
  }
}
