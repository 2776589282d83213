package dev.gatehouse.errors;

import java.util.Objects;

/**
 * Root of every failure Gatehouse reports to a caller.
 *
 * <p>Each instance carries a stable {@link ErrorCode} (for example {@code ROOM_NOT_FOUND}),
 * a message that says what went wrong, and a suggestion that says what to do about it. The
 * subtypes group failures by how a caller should react; the HTTP layer maps each subtype to one
 * status and renders {@code {"error", "message", "suggestion"}}, the shape the Liveblocks SDKs
 * parse.
 *
 * <p>Messages never contain secrets, tokens or request bodies: they are shown to clients.
 */
public abstract sealed class GatehouseException extends RuntimeException
    permits InvalidRequestException,
        InvalidInputException,
        UnauthenticatedException,
        ForbiddenException,
        NotFoundException,
        ConflictException,
        StorageException,
        RateLimitedException {

  private final ErrorCode code;
  private final String suggestion;

  /**
   * @throws IllegalArgumentException if {@code code} belongs to another subtype (it would be sent
   *     with another kind's status), or to none (the HTTP layer's own codes)
   */
  protected GatehouseException(ErrorCode code, String message, String suggestion, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause, false, true);
    this.code = Objects.requireNonNull(code, "code");
    this.suggestion = Objects.requireNonNull(suggestion, "suggestion");
    if (code.kind().orElse(null) != getClass()) {
      throw new IllegalArgumentException(code + " is not a code of " + getClass().getSimpleName() + " ("
          + code.kind().map(Class::getSimpleName).orElse("the HTTP layer's own") + ", " + code.status() + ")");
    }
  }

  /** The code, to branch on. */
  public ErrorCode errorCode() {
    return code;
  }

  /** The stable machine-readable code as sent in {@code error}. */
  public String code() {
    return code.wire();
  }

  /** What the caller can do about it, sent as {@code suggestion}. */
  public String suggestion() {
    return suggestion;
  }
}
