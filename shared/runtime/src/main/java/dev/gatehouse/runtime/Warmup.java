package dev.gatehouse.runtime;

/** What a function warms before a SnapStart snapshot, beyond the JSON path every function has. */
public enum Warmup {
  /** Sign and verify tokens with a throwaway key set; decide a room permission; render a JWKS. */
  TOKENS,
  /** Build the DynamoDB client, the enhanced client and the repositories; round-trip every schema. */
  STORE
}
