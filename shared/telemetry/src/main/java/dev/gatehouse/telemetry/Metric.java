package dev.gatehouse.telemetry;

/**
 * The counters a request can add to its access line, which in Lambda is also a CloudWatch
 * embedded-metric-format record. Each is reported by {@code function} and {@code route} only;
 * nothing per user, room or tenant, so the number of metric streams stays bounded by the routes.
 */
public enum Metric {
  REQUESTS("Requests"),
  /** A 5xx answer, or an event invocation that failed. */
  ERRORS("Errors"),
  /** A 401, 403 or 429, also reported by its {@code refusal} (the deciding rule, or the error code). */
  REFUSALS("Refusals"),
  ID_TOKENS_ISSUED("IdTokensIssued"),
  ACCESS_TOKENS_ISSUED("AccessTokensIssued"),
  CONNECTIONS_ALLOWED("ConnectionsAllowed"),
  CONNECTIONS_DENIED("ConnectionsDenied"),
  PROVISIONING_APPLIED("ProvisioningApplied"),
  PROVISIONING_SKIPPED("ProvisioningSkipped"),
  PROVISIONING_INCOMPLETE("ProvisioningIncomplete"),
  /** A message that can never apply (invalid): it ends in the dead-letter queue. */
  PROVISIONING_POISON("ProvisioningPoison"),
  /** A message that failed for now (the store unavailable, out of order): it is delivered again. */
  PROVISIONING_FAILED("ProvisioningFailed"),
  /** An SDK call to DynamoDB sent again after a throttle, a 5xx or a timeout. */
  STORAGE_RETRIES("StorageRetries"),
  /** An optimistic write that lost to a concurrent one and was tried again. */
  STORAGE_CONFLICTS("StorageConflicts"),
  /** Days since the key new tokens are signed with was created (the daily key check sets it). */
  SIGNING_KEY_AGE_DAYS("SigningKeyAgeDays", "None");

  private final String metricName;
  private final String unit;

  Metric(String metricName) {
    this(metricName, "Count");
  }

  Metric(String metricName, String unit) {
    this.metricName = metricName;
    this.unit = unit;
  }

  /** The CloudWatch unit: {@code Count} for counters. */
  public String unit() {
    return unit;
  }

  /** The CloudWatch metric name, and the access line's field that holds the count. */
  public String metricName() {
    return metricName;
  }
}
