package dev.gatehouse.errors;

/** The tenant's quota for this kind of request is spent until the current window ends (HTTP 429, with {@code retry-after}). */
public final class RateLimitedException extends GatehouseException {
  private final int retryAfterSeconds;

  public RateLimitedException(ErrorCode code, String message, String suggestion, int retryAfterSeconds) {
    super(code, message, suggestion, null);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** Whole seconds until the quota's window ends, at least 1. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
