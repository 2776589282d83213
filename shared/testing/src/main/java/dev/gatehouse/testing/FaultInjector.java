package dev.gatehouse.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * DynamoDB failures injected at the SDK boundary, scripted per operation ({@code PutItem},
 * {@code TransactWriteItems}, ...) and per attempt: add it to a client's override configuration
 * and the SDK's own retry strategy sees the failure exactly as it would see DynamoDB's. Failures
 * before the engine ({@link Fault#THROTTLED}, {@link Fault#TIMEOUT}, ...) are thrown before the
 * request is sent, so nothing is applied; {@link Fault#LOST_ANSWER} lets the request reach the
 * engine and apply, then replaces its answer with a 500, so the SDK retries a write that already
 * happened. Attempts are counted per operation and per call, so a test can assert that retries
 * stay bounded. Works with any DynamoDB-compatible engine behind an HTTP endpoint.
 */
public final class FaultInjector implements ExecutionInterceptor {
  /** What one attempt meets. */
  public enum Fault {
    /** {@code ProvisionedThroughputExceededException}, HTTP 400: the SDK retries it as throttling. */
    THROTTLED,
    /** {@code ThrottlingException}, HTTP 400 (the control plane's and on-demand tables' code). */
    THROTTLING_EXCEPTION,
    /** The attempt timed out on the client before an answer (nothing applied). */
    TIMEOUT,
    /** {@code InternalServerError}, HTTP 500, before the engine applied anything. */
    INTERNAL_ERROR,
    /** The request applies; its answer is replaced by a 500, so the SDK retries an applied write. */
    LOST_ANSWER,
    /** {@code TransactionCanceledException} with reason {@code TransactionConflict} on the first action. */
    CANCELLED_CONFLICT,
    /** {@code TransactionCanceledException} with reason {@code ThrottlingError} on the first action. */
    CANCELLED_THROTTLED,
    /** {@code TransactionCanceledException} with reason {@code ConditionalCheckFailed} on the first action. */
    CANCELLED_CONDITION
  }

  private static final ExecutionAttribute<AtomicInteger> ATTEMPT = new ExecutionAttribute<>("gatehouse.faults.attempt");
  private static final ExecutionAttribute<Fault> THIS_ATTEMPT = new ExecutionAttribute<>("gatehouse.faults.fault");
  private static final String LOST_ANSWER_BODY =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}";

  private final Map<String, Deque<Optional<Fault>>> scripts = new HashMap<>();
  private final Map<String, Fault> always = new HashMap<>();
  private final Map<String, AtomicInteger> attempts = new HashMap<>();
  private final Map<String, AtomicInteger> calls = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private volatile String ignoredThreads;
  private int maxAttemptsPerCall;

  /** The next {@code times} attempts of {@code operation} meet {@code fault} (after any already scripted). */
  public synchronized FaultInjector fail(String operation, Fault fault, int times) {
    Deque<Optional<Fault>> script = scripts.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      script.add(Optional.of(fault));
    }
    return this;
  }

  /** The next {@code times} attempts of {@code operation} pass (to aim a later fault at a later write). */
  public synchronized FaultInjector pass(String operation, int times) {
    Deque<Optional<Fault>> script = scripts.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      script.add(Optional.empty());
    }
    return this;
  }

  /** Every attempt of {@code operation} meets {@code fault} once its script has run out, until {@link #heal()}. */
  public synchronized FaultInjector failAlways(String operation, Fault fault) {
    always.put(operation, fault);
    return this;
  }

  /** No more faults; counts are kept. */
  public synchronized void heal() {
    scripts.clear();
    always.clear();
  }

  /** Forgets the counts. */
  public synchronized void resetCounts() {
    attempts.clear();
    calls.clear();
    log.clear();
    maxAttemptsPerCall = 0;
  }

  /** Attempts of {@code operation} sent since the last reset, retries included. */
  public synchronized int attempts(String operation) {
    return attempts.getOrDefault(operation, new AtomicInteger()).get();
  }

  /** Calls of {@code operation} made since the last reset (one per SDK call, however many attempts). */
  public synchronized int calls(String operation) {
    return calls.getOrDefault(operation, new AtomicInteger()).get();
  }

  /** The most attempts any one call made since the last reset. */
  public synchronized int maxAttemptsPerCall() {
    return maxAttemptsPerCall;
  }

  /** Every attempt since the last reset, as {@code operation} or {@code operation:FAULT}, in order. */
  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  /** True while some scripted fault has not been met yet. */
  public synchronized boolean pending() {
    return scripts.values().stream().anyMatch(s -> s.stream().anyMatch(Optional::isPresent));
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(ATTEMPT, new AtomicInteger());
    synchronized (this) {
      calls.computeIfAbsent(operation(attributes), o -> new AtomicInteger()).incrementAndGet();
    }
  }

  /**
   * Leaves out of the counts and the log the calls of threads whose name starts with {@code
   * prefix}, such as a background dispatcher's, so a count is a request's own.
   */
  public FaultInjector ignoringThreads(String prefix) {
    this.ignoredThreads = prefix;
    return this;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String ignored = ignoredThreads;
    if (ignored != null && Thread.currentThread().getName().startsWith(ignored)) {
      return;
    }
    String operation = operation(attributes);
    int attempt = attributes.getAttribute(ATTEMPT).incrementAndGet();
    Fault fault;
    synchronized (this) {
      attempts.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
      maxAttemptsPerCall = Math.max(maxAttemptsPerCall, attempt);
      Deque<Optional<Fault>> script = scripts.get(operation);
      Optional<Fault> next = script != null && !script.isEmpty() ? script.poll() : Optional.ofNullable(always.get(operation));
      fault = next.orElse(null);
      log.add(fault == null ? operation : operation + ":" + fault);
    }
    attributes.putAttribute(THIS_ATTEMPT, fault);
    if (fault == null || fault == Fault.LOST_ANSWER) {
      return;
    }
    throw failure(fault, context.request());
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (attributes.getAttribute(THIS_ATTEMPT) != Fault.LOST_ANSWER) {
      return context.httpResponse();
    }
    // The engine applied the request; the caller sees a server error instead (its CRC no longer matches, so it goes).
    return context.httpResponse().toBuilder()
        .statusCode(500)
        .removeHeader("x-amz-crc32")
        .removeHeader("Content-Length")
        .putHeader("Content-Type", "application/x-amz-json-1.0")
        .putHeader("x-amzn-ErrorType", "InternalServerError")
        .build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (attributes.getAttribute(THIS_ATTEMPT) != Fault.LOST_ANSWER) {
      return context.responseBody();
    }
    context.responseBody().ifPresent(FaultInjector::drain);
    return Optional.of(new ByteArrayInputStream(LOST_ANSWER_BODY.getBytes(StandardCharsets.UTF_8)));
  }

  private static RuntimeException failure(Fault fault, SdkRequest request) {
    return switch (fault) {
      case THROTTLED -> ProvisionedThroughputExceededException.builder().statusCode(400)
          .message("The level of configured provisioned throughput for the table was exceeded (injected)")
          .awsErrorDetails(details("ProvisionedThroughputExceededException", 400)).build();
      case THROTTLING_EXCEPTION -> software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().statusCode(400)
          .message("Rate of requests exceeds the allowed throughput (injected)")
          .awsErrorDetails(details("ThrottlingException", 400)).build();
      case TIMEOUT -> ApiCallAttemptTimeoutException.create(2000);
      case INTERNAL_ERROR -> InternalServerErrorException.builder().statusCode(500).message("Internal server error (injected)")
          .awsErrorDetails(details("InternalServerError", 500)).build();
      case CANCELLED_CONFLICT -> cancelled(request, "TransactionConflict");
      case CANCELLED_THROTTLED -> cancelled(request, "ThrottlingError");
      case CANCELLED_CONDITION -> cancelled(request, "ConditionalCheckFailed");
      case LOST_ANSWER -> throw new IllegalStateException("a lost answer is not thrown");
    };
  }

  private static TransactionCanceledException cancelled(SdkRequest request, String code) {
    int actions = request instanceof TransactWriteItemsRequest tx ? Math.max(1, tx.transactItems().size()) : 1;
    List<CancellationReason> reasons = new ArrayList<>();
    for (int i = 0; i < actions; i++) {
      reasons.add(i == 0 ? CancellationReason.builder().code(code).message("injected").build()
          : CancellationReason.builder().code("None").build());
    }
    return TransactionCanceledException.builder().statusCode(400).cancellationReasons(reasons)
        .message("Transaction cancelled, please refer cancellation reasons for specific reasons [" + code + "] (injected)")
        .awsErrorDetails(details("TransactionCanceledException", 400)).build();
  }

  private static AwsErrorDetails details(String code, int status) {
    return AwsErrorDetails.builder().serviceName("DynamoDb").errorCode(code).errorMessage("injected")
        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  private static void drain(InputStream body) {
    try (body) {
      body.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (java.io.IOException ignored) {
      // The answer is discarded anyway.
    }
  }
}
