package dev.gatehouse.errors;

/** No credential, or one that cannot be trusted: missing key, bad or expired token (HTTP 401). */
public final class UnauthenticatedException extends GatehouseException {
  public UnauthenticatedException(ErrorCode code, String message, String suggestion) {
    super(code, message, suggestion, null);
  }
}
