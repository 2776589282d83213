package dev.gatehouse.errors;

/** The request conflicts with the current state: the id is taken, or a race was lost (HTTP 409). */
public final class ConflictException extends GatehouseException {
  public ConflictException(ErrorCode code, String message, String suggestion) {
    super(code, message, suggestion, null);
  }
}
