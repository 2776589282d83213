package dev.gatehouse.fuzz;

import dev.gatehouse.errors.GatehouseException;
import dev.gatehouse.errors.StorageException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a parser may do with any input: return a value, or refuse it with one of the project's
 * declared client errors. Anything else (a NullPointerException, ClassCastException,
 * StackOverflowError, an IllegalStateException, a 503) escapes and is a Jazzer finding.
 */
final class Refusals {
  private Refusals() {}

  /** The value, or empty when {@code parse} threw one of {@code allowed}. */
  @SafeVarargs
  static <T> Optional<T> parseOrRefuse(Supplier<T> parse, Class<? extends GatehouseException>... allowed) {
    try {
      return Optional.of(parse.get());
    } catch (StorageException e) {
      // Never a client error: input that can never succeed must not be answered "retry".
      throw new AssertionError("input was answered 503 " + e.code(), e);
    } catch (GatehouseException e) {
      for (Class<? extends GatehouseException> kind : allowed) {
        if (kind.isInstance(e)) {
          requireWireShape(e);
          return Optional.empty();
        }
      }
      throw new AssertionError("refused with " + e.getClass().getSimpleName() + " " + e.code()
          + ", not one of the declared kinds " + Set.of(allowed), e);
    }
  }

  /** The parts of the Liveblocks error body are never empty. */
  static void requireWireShape(GatehouseException e) {
    if (e.code().isBlank() || e.getMessage().isBlank() || e.suggestion().isBlank()) {
      throw new AssertionError("an error without code, message or suggestion: " + e.getClass().getSimpleName(), e);
    }
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
