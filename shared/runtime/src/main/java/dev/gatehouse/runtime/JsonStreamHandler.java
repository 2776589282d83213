package dev.gatehouse.runtime;

import dev.gatehouse.api.SecretKeys;
import dev.gatehouse.api.ErrorResponses;
import dev.gatehouse.api.Json;
import dev.gatehouse.api.HttpResponse;
import dev.gatehouse.api.HttpRequest;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.gatehouse.telemetry.AccessLog;
import dev.gatehouse.telemetry.RequestNotes;
import dev.gatehouse.telemetry.Scrub;
import org.crac.Core;
import org.crac.Resource;

/**
 * The base of every handler: Lambda hands over the event's bytes and Gatehouse reads them with
 * its own JSON tree model. A POJO or {@code Map} handler would make the runtime load its own
 * reflection-based mapper first; measured here, that alone costs about 350 ms of every cold
 * start (docs/performance.md).
 *
 * <p>Every handler is also a SnapStart runtime hook ({@code org.crac}): before the snapshot it
 * warms its own path ({@link #prime()}), after a restore it forgets what must not be shared
 * between the environments restored from one snapshot ({@link #restored()}).
 */
public abstract class JsonStreamHandler implements RequestStreamHandler, Resource {
  /** An HTTP API event with nothing in it that could reach the store: JSON in and out, warm. */
  private static final byte[] SAMPLE_EVENT = """
      {"version":"2.0","routeKey":"GET /priming","rawPath":"/priming","rawQueryString":"a=1",
       "headers":{"content-type":"application/json"},"queryStringParameters":{"a":"1"},
       "body":"{\\"k\\":[1,\\"v\\",null,true]}","isBase64Encoded":false,
       "requestContext":{"requestId":"priming","http":{"method":"GET","path":"/priming"}}}
      """.getBytes(StandardCharsets.UTF_8);

  /** How often a priming twin answers its event before a snapshot (measured in docs/performance.md). */
  private static final int TWIN_PRIMING_ROUNDS = 200;

  /** Whether the next invocation is this container's first (or the first after a restore). */
  private static final AtomicBoolean COLD = new AtomicBoolean(true);

  /** The root, for the SnapStart hooks only: a handler keeps the one service it calls. */
  private final Gatehouse gatehouse;

  @SuppressWarnings("this-escape") // the hooks run long after construction, never during it
  protected JsonStreamHandler(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
    if (!gatehouse.isPriming()) {
      // The global context holds resources weakly; Lambda's runtime holds the handler for life.
      Core.getGlobalContext().register(this);
    }
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Json.readEvent(input);
    Json.writeTo(output, handle(event, context));
  }

  /** Handles one event; what it returns is the function's result. */
  protected abstract JsonNode handle(JsonNode event, Context context);

  @Override
  public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    prime();
  }

  @Override
  public final void afterRestore(org.crac.Context<? extends Resource> context) {
    restored();
  }

  /** What this function's path needs warm, beyond JSON: the store by default. */
  protected Set<Warmup> warmups() {
    return EnumSet.of(Warmup.STORE);
  }

  /**
   * Warms this function's path before a snapshot: no network, no secrets read, no credentials
   * resolved. Public so that tests and the priming benchmark can run it without a CRaC JVM.
   */
  public final void prime() {
    primeJson();
    if (warmups().contains(Warmup.TOKENS)) {
      dev.gatehouse.api.tokens.TokenRequests.prime();
    }
    gatehouse.prime(warmups());
    primeWithTwin();
  }

  /**
   * A request this function can answer from memory alone, signed with {@code secretKey}: before a
   * snapshot a twin of this handler, wired to {@link Gatehouse#forPriming}, answers it often
   * enough for the JIT to compile the whole path. Empty (the default) when there is none.
   */
  protected Optional<byte[]> primingEvent(String secretKey) {
    return Optional.empty();
  }

  private void primeWithTwin() {
    String secretKey = dev.gatehouse.api.SecretKeys.generate();
    Optional<byte[]> event = primingEvent(secretKey);
    if (event.isEmpty()) {
      return;
    }
    JsonStreamHandler twin;
    try {
      twin = getClass().getConstructor(Gatehouse.class)
          .newInstance(Gatehouse.forPriming(gatehouse.keys().algorithm(), secretKey));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass().getName() + " has no (Gatehouse) constructor to prime with", e);
    }
    try {
      for (int round = 0; round < TWIN_PRIMING_ROUNDS; round++) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        twin.handleRequest(new ByteArrayInputStream(event.get()), answer, null);
        int status = Json.readEvent(new ByteArrayInputStream(answer.toByteArray())).path("statusCode").asInt(200);
        if (status / 100 != 2) {
          // Priming still helps, but the path it warmed is an error's: say so in the init log.
          System.err.println("gatehouse: priming " + getClass().getSimpleName() + " answered " + status);
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * After a restore: forget whatever is time-bound or must be unique per environment, then load
   * this function's keys and settings again, so the first invocation finds them (and a
   * connection to DynamoDB) ready.
   */
  public final void restored() {
    COLD.set(true);
    gatehouse.afterRestore();
    gatehouse.reload(warmups());
  }

  /** Whether this invocation is the container's first; a priming twin's never counts. */
  protected final boolean takeColdStart() {
    return !gatehouse.isPriming() && COLD.getAndSet(false);
  }

  /**
   * Writes the access line of one invocation (none for a priming twin), with what the request's
   * layers noted: its tenant, the deciding rule and reason, its error code.
   */
  protected final void accessLine(Context context, String route, int status, RequestNotes notes, long startNanos,
      boolean coldStart, String requestId, String error) {
    if (gatehouse.isPriming()) {
      return;
    }
    if (!AccessLog.enabled()) {
      // No access log (an embedding, a test): a failure still says what failed, in one line.
      if (error != null) {
        System.err.println("gatehouse: " + route + " " + requestId + " failed (" + status + "): " + Scrub.secrets(error));
      }
      return;
    }
    String function = context != null && context.getFunctionName() != null ? context.getFunctionName()
        : getClass().getSimpleName().replace("Handler", "");
    AccessLog.write(function, route, status, notes, (System.nanoTime() - startNanos) / 1e6, coldStart, requestId,
        context == null ? "" : context.getAwsRequestId(), error);
  }

  /** What failed, for a 5xx line: the exception's class, message (scrubbed when written) and where it was thrown. */
  protected static String describe(Throwable e) {
    StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      out.append(": ").append(e.getMessage().length() > 300 ? e.getMessage().substring(0, 300) + "..." : e.getMessage());
    }
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.gatehouse.")) {
        out.append(" at ").append(frame.getClassName(), frame.getClassName().lastIndexOf('.') + 1, frame.getClassName().length())
            .append('.').append(frame.getMethodName()).append(':').append(frame.getLineNumber());
        break;
      }
    }
    return out.toString();
  }

  private static void primeJson() {
    try {
      JsonNode event = Json.readEvent(new ByteArrayInputStream(SAMPLE_EVENT));
      HttpRequest request = HttpRequest.fromEvent(event);
      Json.parseTree(request.body());
      Json.writeTo(OutputStream.nullOutputStream(), HttpResponse.ok(event).toEvent());
      Json.write(ErrorResponses.from(new dev.gatehouse.errors.InvalidRequestException(dev.gatehouse.errors.ErrorCode.INVALID_BODY, "m", "s")).toEvent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
