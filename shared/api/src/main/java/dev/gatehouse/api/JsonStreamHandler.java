package dev.gatehouse.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The base of every handler: Lambda hands over the event's bytes and Gatehouse reads them with
 * its own JSON tree model. A POJO or {@code Map} handler would make the runtime load its own
 * reflection-based mapper first; measured here, that alone costs about 350 ms of every cold
 * start (docs/performance.md).
 */
public abstract class JsonStreamHandler implements RequestStreamHandler {
  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    Json.MAPPER.writeValue(output, handle(event, context));
  }

  /** Handles one event; what it returns is the function's result. */
  protected abstract JsonNode handle(JsonNode event, Context context);
}
