package dev.gatehouse.errors;

/** The caller is known but not allowed: wrong secret key, room or tenant access denied (HTTP 403). */
public final class ForbiddenException extends GatehouseException {
  public ForbiddenException(ErrorCode code, String message, String suggestion) {
    super(code, message, suggestion, null);
  }
}
