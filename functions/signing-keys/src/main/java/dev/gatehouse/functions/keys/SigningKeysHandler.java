package dev.gatehouse.functions.keys;

import java.time.Instant;
import java.time.Duration;
import dev.gatehouse.tokens.SigningKey;
import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.telemetry.Metric;
import dev.gatehouse.service.keys.SigningKeyManager;
import java.util.function.Supplier;
import dev.gatehouse.runtime.Warmup;
import java.util.EnumSet;
import java.util.Set;
import com.amazonaws.services.lambda.runtime.Context;
import dev.gatehouse.runtime.MapHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.tokens.SigningAlgorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Creates and rotates the signing keys.
 *
 * <ul>
 *   <li>As a CloudFormation custom resource: on Create and Update, makes sure a key exists (so a
 *       fresh stack can sign at once); on Delete, does nothing. It answers CloudFormation on the
 *       request's pre-signed URL, FAILED with the reason whenever the work fails, so a stack never
 *       waits out the resource's ServiceTimeout for an answer that could have been sent. Only a
 *       function that cannot start, or an answer that cannot be delivered, leaves it waiting.
 *   <li>Invoked with {@code {"action": "rotate"}} (optionally {@code "algorithm": "RS256"}): puts
 *       a new key in front; keys older than the token lifetime plus a day are dropped.
 * </ul>
 *
 * Key material is never logged or returned: only key ids.
 */
public final class SigningKeysHandler extends MapHandler {
  private final Supplier<SigningKeyManager> keyManager;
  private final SigningAlgorithm defaultAlgorithm;
  /** CloudFormation refuses a response over 4 KB; the reason is most of it. */
  private static final int MAX_REASON_LENGTH = 1024;

  public SigningKeysHandler() {
    this(Gatehouse.fromEnvironment());
  }

  public SigningKeysHandler(Gatehouse gatehouse) {
    super(gatehouse);
    this.keyManager = gatehouse.keys()::manager;
    this.defaultAlgorithm = gatehouse.keys().algorithm();
  }

  @Override
  public Map<String, Object> handle(Map<String, Object> event, Context context) {
    if (event.containsKey("RequestType")) {
      return customResource(event, context);
    }
    String action = String.valueOf(event.getOrDefault("action", "ensure"));
    SigningAlgorithm algorithm = algorithm(event.get("algorithm"));
    return switch (action) {
      case "rotate" -> Map.of("action", "rotate", "kid", keyManager.get().rotate(algorithm));
      case "ensure" -> Map.of("action", "ensure", "kid", keyManager.get().ensure(algorithm));
      case "check" -> check();
      default -> throw new IllegalArgumentException("unknown action " + action + "; use rotate, ensure or check");
    };
  }

  /**
   * The daily check (a schedule in the template): the age of the key new tokens are signed with,
   * as the {@code SigningKeyAgeDays} metric that the key-age alarm watches. It changes nothing.
   */
  private Map<String, Object> check() {
    SigningKey key = keyManager.get().signingKey()
        .orElseThrow(() -> new IllegalStateException("no signing key: deploy the stack, or invoke {\"action\":\"ensure\"}"));
    long days = Duration.between(key.created(), Instant.now()).toDays();
    RequestNotes.set(Metric.SIGNING_KEY_AGE_DAYS, (int) Math.min(days, Integer.MAX_VALUE));
    RequestNotes.outcome("kid " + key.kid() + ", " + days + " days old");
    return Map.of("action", "check", "kid", key.kid(), "ageDays", days);
  }

  private Map<String, Object> customResource(Map<String, Object> event, Context context) {
    String status = "SUCCESS";
    String reason = "ok";
    String kid = "";
    try {
      if (!"Delete".equals(event.get("RequestType"))) {
        Object properties = event.get("ResourceProperties");
        Object requested = properties instanceof Map<?, ?> p ? p.get("Algorithm") : null;
        kid = keyManager.get().ensure(algorithm(requested));
      }
    } catch (RuntimeException | Error e) {
      // An Error too (a class that fails to load, say): CloudFormation must hear FAILED either way.
      status = "FAILED";
      reason = failureReason(e, context);
      System.err.println("gatehouse: signing keys " + event.get("RequestType") + " failed: " + e);
    }
    ObjectNode response = Json.object();
    response.put("Status", status);
    response.put("Reason", reason);
    response.put("PhysicalResourceId", "gatehouse-signing-keys");
    response.put("StackId", String.valueOf(event.get("StackId")));
    response.put("RequestId", String.valueOf(event.get("RequestId")));
    response.put("LogicalResourceId", String.valueOf(event.get("LogicalResourceId")));
    response.putObject("Data").put("KeyId", kid);
    send(String.valueOf(event.get("ResponseURL")), Json.write(response));
    return Map.of("status", status, "kid", kid);
  }

  /** The class and message (never key material), and where the log is; CloudFormation shows it as the stack event's reason. */
  static String failureReason(Throwable e, Context context) {
    String reason = "signing keys: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    if (reason.length() > MAX_REASON_LENGTH) {
      reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
    }
    return context == null ? reason
        : reason + " (log: " + context.getLogGroupName() + " " + context.getLogStreamName() + ")";
  }

  private SigningAlgorithm algorithm(Object requested) {
    return requested == null ? defaultAlgorithm : SigningAlgorithm.fromJoseName(requested.toString());
  }

  private static void send(String url, String body) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setDoOutput(true);
      connection.setRequestMethod("PUT");
      connection.setRequestProperty("Content-Type", "");
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      connection.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
      int code = connection.getResponseCode();
      if (code >= 300) {
        throw new IllegalStateException("CloudFormation response was refused with HTTP " + code);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not answer CloudFormation", e);
    }
  }

  @Override
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.TOKENS); // generates and parses keys; never reads the table
  }
}
