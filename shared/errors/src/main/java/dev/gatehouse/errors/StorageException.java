package dev.gatehouse.errors;

/**
 * The store failed in a way the caller cannot fix (HTTP 503). Never a silent empty result: a
 * repository that cannot answer throws this.
 */
public final class StorageException extends GatehouseException {
  public StorageException(String message, Throwable cause) {
    super(
        ErrorCode.STORAGE_UNAVAILABLE,
        message,
        "Retry the request with backoff; if it keeps failing, check the table and the service's permissions.",
        cause);
  }
}
