package dev.gatehouse.errors;

/** The addressed resource does not exist (HTTP 404). */
public final class NotFoundException extends GatehouseException {
  public NotFoundException(ErrorCode code, String message, String suggestion) {
    super(code, message, suggestion, null);
  }
}
