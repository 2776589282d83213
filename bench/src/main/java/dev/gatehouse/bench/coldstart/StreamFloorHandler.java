package dev.gatehouse.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lower floor: a stream handler, which the runtime hands raw bytes without loading its
 * reflection-based event mapper. Every Gatehouse function is a stream handler.
 */
public final class StreamFloorHandler implements RequestStreamHandler {
  private static final byte[] RESPONSE = "{\"statusCode\":200,\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8);

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    input.readAllBytes();
    output.write(RESPONSE);
  }
}
