/**
 * The repositories on an embedded SQLite database through plain JDBC: what the local server runs
 * on, with the DynamoDB store's semantics (same ordering, same errors, same concurrency outcomes),
 * checked by the same contract suites. Depends on the domain side of the store only; nothing here
 * may depend on AWS.
 */
package dev.gatehouse.store.sql;
