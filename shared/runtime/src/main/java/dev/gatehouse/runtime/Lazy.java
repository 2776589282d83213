package dev.gatehouse.runtime;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A value built on first use, once, and shared: container-lifetime dependencies. */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  private Lazy(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory);
  }

  public static <T> Lazy<T> of(Supplier<T> factory) {
    return new Lazy<>(factory);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(factory.get(), "factory returned null");
          value = v;
        }
      }
    }
    return v;
  }

  /** Runs {@code action} on the value if it has been built; never builds it. */
  public void ifBuilt(Consumer<? super T> action) {
    T v = value;
    if (v != null) {
      action.accept(v);
    }
  }
}
