package dev.gatehouse.errors;

import java.util.Objects;

/**
 * Root of every failure Gatehouse reports to a caller.
 *
 * <p>Each instance carries a stable wire {@link #code()} (for example {@code ROOM_NOT_FOUND}),
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
        StorageException {

  private final String code;
  private final String suggestion;

  protected GatehouseException(String code, String message, String suggestion, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause, false, true);
    this.code = Objects.requireNonNull(code, "code");
    this.suggestion = Objects.requireNonNull(suggestion, "suggestion");
  }

  /** The stable machine-readable code, sent as {@code error}. */
  public String code() {
    return code;
  }

  /** What the caller can do about it, sent as {@code suggestion}. */
  public String suggestion() {
    return suggestion;
  }
}
