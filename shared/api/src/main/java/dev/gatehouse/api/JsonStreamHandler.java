package dev.gatehouse.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.runtime.Gatehouse;
import dev.gatehouse.api.runtime.Warmup;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
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

  protected final Gatehouse gatehouse;

  @SuppressWarnings("this-escape") // the hooks run long after construction, never during it
  protected JsonStreamHandler(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
    // The global context holds resources weakly; Lambda's runtime holds the handler for life.
    Core.getGlobalContext().register(this);
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    Json.MAPPER.writeValue(output, handle(event, context));
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
    gatehouse.prime(warmups());
  }

  /** After a restore: forget whatever is time-bound or must be unique per environment. */
  public final void restored() {
    gatehouse.afterRestore();
  }

  private static void primeJson() {
    try {
      JsonNode event = Json.MAPPER.readTree(new ByteArrayInputStream(SAMPLE_EVENT));
      HttpRequest request = HttpRequest.fromEvent(event);
      Json.parseTree(request.body());
      Json.MAPPER.writeValue(OutputStream.nullOutputStream(), HttpResponse.ok(event).toEvent());
      Json.write(ErrorResponses.from(new dev.gatehouse.errors.InvalidRequestException("PRIMING", "m", "s")).toEvent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
