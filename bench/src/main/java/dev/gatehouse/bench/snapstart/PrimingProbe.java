package dev.gatehouse.bench.snapstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.crac.Resource;

/**
 * Runs in a fresh JVM beside one function jar: builds the handler as Lambda would, runs its
 * SnapStart hooks as the runtime would around a snapshot (or skips them), then times the first
 * invocation and the warm ones that follow. Prints one JSON line.
 *
 * <p>Arguments: handler class, event file, warm invocations, {@code prime} or {@code no-prime}.
 */
public final class PrimingProbe {
  private PrimingProbe() {}

  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    int warm = Integer.parseInt(args[2]);
    boolean prime = args[3].equals("prime");

    long started = System.nanoTime();
    RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
    long built = System.nanoTime();
    long checkpointed = built;
    if (prime) {
      ((Resource) handler).beforeCheckpoint(null);
      checkpointed = System.nanoTime();
      // A snapshot would be taken here; the restored environment resumes below, and its restore
      // hook runs before the first invocation (Lambda counts it in the restore duration).
      ((Resource) handler).afterRestore(null);
    }
    long primed = System.nanoTime();
    Boundary.FIRST_INVOCATION.ordinal(); // marks the boundary in a -Xlog:class+load trace
    String first = invoke(handler, event);
    long answered = System.nanoTime();
    double[] warmMs = new double[warm];
    String last = first;
    for (int i = 0; i < warm; i++) {
      long t = System.nanoTime();
      last = invoke(handler, event);
      warmMs[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(warmMs);
    System.out.printf("{\"initMs\":%.3f,\"primeMs\":%.3f,\"restoreMs\":%.3f,\"firstMs\":%.3f,\"warmMedianMs\":%.3f,\"first\":%s,\"last\":%s}%n",
        (built - started) / 1e6, (checkpointed - built) / 1e6, (primed - checkpointed) / 1e6, (answered - primed) / 1e6,
        warm == 0 ? 0 : warmMs[warm / 2], quote(first), quote(last));
    System.out.flush();
    // The store client's threads would otherwise keep this JVM alive for their idle timeouts.
    System.exit(0);
  }

  /** Loaded only at the start of the first invocation, so a class-load trace shows what it loads. */
  enum Boundary { FIRST_INVOCATION }

  private static String invoke(RequestStreamHandler handler, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new ProbeContext());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String quote(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** The invocation context a handler may read. */
  public static final class ProbeContext implements Context {
    @Override public String getAwsRequestId() { return "priming-probe"; }
    @Override public String getLogGroupName() { return "probe"; }
    @Override public String getLogStreamName() { return "probe"; }
    @Override public String getFunctionName() { return "probe"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:probe"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return null; }
  }
}
