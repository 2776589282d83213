package dev.gatehouse.errors;

/** The request cannot be read at all: malformed JSON, a body of the wrong shape (HTTP 400). */
public final class InvalidRequestException extends GatehouseException {
  public InvalidRequestException(ErrorCode code, String message, String suggestion) {
    super(code, message, suggestion, null);
  }
}
