package dev.gatehouse.errors;

/**
 * The request was read but a value breaks a rule or a limit (HTTP 422). The message names the
 * field and the rule; {@link #field()} carries the field path for programmatic use.
 */
public final class InvalidInputException extends GatehouseException {
  private final String field;

  public InvalidInputException(ErrorCode code, String field, String message, String suggestion) {
    super(code, message, suggestion, null);
    this.field = field;
  }

  /** The offending field path, e.g. {@code usersAccesses.alice}. */
  public String field() {
    return field;
  }
}
