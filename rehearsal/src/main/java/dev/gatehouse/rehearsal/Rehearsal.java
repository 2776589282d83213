package dev.gatehouse.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.runtime.Gatehouse;
import dev.gatehouse.service.settings.SettingsService;
import dev.gatehouse.store.RateLimits;
import dev.gatehouse.local.EventExpectations;
import dev.gatehouse.local.EventFixture;
import dev.gatehouse.local.LocalGatehouse;
import dev.gatehouse.permissions.RoomAccesses;
import dev.gatehouse.permissions.TenantId;
import dev.gatehouse.store.Room;
import dev.gatehouse.store.RoomListing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The deploy rehearsal ({@code ./gatehouse rehearse}): the stack of {@code template.yaml} as AWS
 * would run it, on loopback. AWS is moto with IAM enforced ({@link EmulatedAws}); this class plays
 * the Lambda service around it: each function's deployable artifact in its own {@link
 * LambdaSandbox} with the environment of a SnapStart function (credentials only through the
 * container endpoint, none in variables), CloudFormation's call to the custom resource, API
 * Gateway's routes, the SQS event source mapping and the destination of failed asynchronous
 * invocations. It invokes every file in {@code events/} and checks each answer as the events
 * test does, then prints one line per function and exits non-zero on any failure.
 */
public final class Rehearsal {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The flags of Lambda's managed Java runtime (C1 only since 2023), heap from the memory size. */
  private List<String> runtimeFlags(int memoryMb) {
    return List.of(
        // The managed runtime has the client's native library installed; unpacked per start,
        // every environment would write the same /tmp file at once.
        "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeLibrary,"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m", "-Djava.net.preferIPv4Stack=true",
        "--enable-native-access=ALL-UNNAMED",
        // Lambda runs the org.crac hooks around the snapshot. Here org.crac is bridged to the runtime
        // client's own CRaC context, which the client drives: beforeCheckpoint, restore/next, afterRestore.
        "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
  }

  private final Path repo;
  private final Path work;
  private final EmulatedAws aws;
  private final JsonNode stack;
  private final List<Path> runtimeLibraries;
  private final Path nativeLibrary;
  private final Gatehouse admin;
  private final DynamoDbClient dynamoDb;
  private final SqsClient sqs;
  private final String table;
  private final Map<String, LambdaSandbox> sandboxes = new LinkedHashMap<>();
  private final Map<String, FunctionReport> reports = new TreeMap<>();
  private final List<String> stackFailures = new ArrayList<>();

  /** What happened to one function: its calls, its first call after restore, its failures. */
  private static final class FunctionReport {
    final List<String> failures = new ArrayList<>();
    final List<Long> millis = new ArrayList<>();
    final List<String> requestIds = new ArrayList<>();
    long snapshotMillis = -1;
    long restoreMillis = -1;
    final List<String> notes = new ArrayList<>();
  }

  private Rehearsal(Path repo, Path work, EmulatedAws aws, List<Path> runtimeLibraries) {
    this.repo = repo;
    this.work = work;
    this.aws = aws;
    this.stack = aws.stack();
    this.runtimeLibraries = runtimeLibraries;
    this.nativeLibrary = unpackNativeLibrary(runtimeLibraries, work);
    this.dynamoDb = aws.dynamoDb();
    this.sqs = aws.sqs();
    this.table = anyFunctionVariable("GATEHOUSE_TABLE");
    this.admin = Gatehouse.builder().dynamoDb(() -> dynamoDb).tableName(table).build();
  }

  public static void main(String[] args) throws Exception {
    List<String> only = new ArrayList<>();
    List<String> parameters = new ArrayList<>();
    for (Iterator<String> it = List.of(args).iterator(); it.hasNext(); ) {
      String arg = it.next();
      if (arg.equals("--functions") && it.hasNext()) {
        only.addAll(List.of(it.next().split(",")));
      } else if (arg.equals("--parameter") && it.hasNext()) {
        parameters.add(it.next());
      } else {
        System.err.println("usage: rehearse [--functions A,B] [--parameter NAME=VALUE]...");
        System.exit(2);
      }
    }
    Path repo = Path.of("").toAbsolutePath();
    Path work = Files.createTempDirectory("gatehouse-rehearsal");
    List<Path> runtime = runtimeLibraries(repo);
    long started = System.nanoTime();
    boolean ok;
    try (EmulatedAws aws = EmulatedAws.start(System.getenv().getOrDefault("GATEHOUSE_PYTHON", "python3"), repo, work, parameters)) {
      System.out.printf("rehearse: AWS on %s (moto, IAM enforced), stack %s from template.yaml%n",
          aws.endpoint(), aws.stack().get("stackName").asText());
      Rehearsal rehearsal = new Rehearsal(repo, work, aws, runtime);
      try {
        ok = rehearsal.run(only);
      } finally {
        rehearsal.close();
      }
      System.out.printf("rehearse: %.0f s; function output in %s%n", (System.nanoTime() - started) / 1e9, work);
      rehearsal.tally();
    }
    System.exit(ok ? 0 : 1);
  }

  /** The closing line CI reads: functions that passed, and functions (and stack checks) that failed. */
  private void tally() {
    long failed = reports.values().stream().filter(r -> !r.failures.isEmpty()).count();
    System.out.printf("rehearse: %d passed, %d failed%n", reports.size() - failed, failed + stackFailures.size());
  }

  private boolean run(List<String> only) throws Exception {
    for (JsonNode f : stack.get("functions")) {
      String id = f.get("logicalId").asText();
      if (!only.isEmpty() && !only.contains(id)) {
        continue;
      }
      if (!f.path("runtime").asText().startsWith("java")) {
        System.out.printf("skip %-32s %s: inline example code, not a Gatehouse artifact%n", id, f.path("runtime").asText());
        continue;
      }
      reports.put(id, new FunctionReport());
    }
    for (JsonNode resource : stack.get("customResources")) { // the stack is not created without them
      reports.putIfAbsent(resource.get("function").asText(), new FunctionReport());
    }
    startSandboxes();
    probeLeastPrivilege();
    admitTheEventsKey();
    createCustomResources();
    invokeEveryEventFile();
    if (reports.containsKey("IdentifyUserFunction") && reports.containsKey("JwksFunction")) {
      checkJwtAuthorizers();
    }
    if (reports.containsKey("ProvisioningFunction")) {
      continueThroughTheRealQueue();
      parkFailedAsynchronousInvocations();
    }
    if (reports.containsKey("ClientQueryRoomsFunction") && reports.containsKey("IdentifyUserFunction")) {
      enforceAQuotaWithTheFunctionsRole();
    }
    if (reports.containsKey("WebhookDispatchFunction")) {
      publishAChangeOnTheChangesBus();
    }
    checkAccessLines();
    return report();
  }

  // --- the stack's lifecycle ----------------------------------------------------------------------

  /** Every environment starts at once: init and the snapshot overlap, first calls come after restore. */
  private void startSandboxes() throws IOException {
    for (String id : reports.keySet()) {
      JsonNode f = function(id);
      Path artifact = repo.resolve(f.path("codeUri").asText());
      if (!Files.exists(artifact)) {
        throw new IllegalStateException(id + ": its artifact " + f.path("codeUri").asText() + " is missing: run ./gatehouse build");
      }
      List<Path> classpath = new ArrayList<>(runtimeLibraries);
      classpath.add(artifact);
      // Each environment has its own /tmp, as in Lambda (the runtime client unpacks its JNI library there).
      List<String> flags = new ArrayList<>(runtimeFlags(f.get("memorySize").asInt()));
      flags.add("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp-" + id)));
      sandboxes.put(id, new LambdaSandbox(id, f.get("arn").asText(), classpath, f.get("handler").asText(),
          flags, lambdaEnvironment(f), Duration.ofSeconds(f.get("timeout").asInt()), work));
    }
  }

  /**
   * The variables Lambda gives a SnapStart function, and nothing else: no access keys, the role's
   * credentials behind the container endpoint. {@code AWS_ENDPOINT_URL} (the SDK's own setting)
   * points every client at moto: the one difference from AWS.
   */
  private Map<String, String> lambdaEnvironment(JsonNode f) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    f.get("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    String name = f.get("functionName").asText();
    boolean snapStart = f.path("snapStart").asText().equals("PublishedVersions");
    Path home = Files.createDirectories(work.resolve("home-" + f.get("logicalId").asText()));
    env.putAll(Map.ofEntries(
        Map.entry("AWS_REGION", aws.region()),
        Map.entry("AWS_DEFAULT_REGION", aws.region()),
        Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_" + f.get("runtime").asText()),
        Map.entry("AWS_LAMBDA_FUNCTION_NAME", name),
        Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "1"),
        Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", f.get("memorySize").asText()),
        Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand"),
        Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", f.path("loggingConfig").path("LogGroup").asText("/aws/lambda/" + name)),
        Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[1]rehearsal"),
        // What Lambda sets from LoggingConfig: the format, and with JSON the application's level.
        Map.entry("AWS_LAMBDA_LOG_FORMAT", f.path("loggingConfig").path("LogFormat").asText("Text")),
        Map.entry("AWS_CONTAINER_CREDENTIALS_FULL_URI", f.path("credentials").path("fullUri").asText()),
        Map.entry("AWS_CONTAINER_AUTHORIZATION_TOKEN", f.path("credentials").path("token").asText()),
        Map.entry("AWS_ENDPOINT_URL", aws.endpoint().toString()),
        Map.entry("LAMBDA_TASK_ROOT", home.toString()),
        Map.entry("HOME", home.toString()), // an empty home: no profile or config of this machine
        Map.entry("TZ", ":UTC"),
        Map.entry("LANG", "en_US.UTF-8"),
        Map.entry("PATH", "/usr/local/bin:/usr/bin:/bin")));
    if (f.path("loggingConfig").path("LogFormat").asText().equals("JSON")) {
      env.put("AWS_LAMBDA_LOG_LEVEL", f.path("loggingConfig").path("ApplicationLogLevel").asText("INFO"));
    }
    if (!snapStart) {
      throw new IllegalStateException(f.get("logicalId").asText() + " has no SnapStart: the template gives every Java function SnapStart");
    }
    return env;
  }

  /** The events' key joins the stack's generated one, the way README's key rotation adds a key. */
  private void admitTheEventsKey() throws IOException {
    String secret = anyFunctionVariable("GATEHOUSE_SECRET_KEYS_SECRET");
    try (var secrets = aws.secretsManager()) {
      ObjectNode keys = (ObjectNode) JSON.readTree(secrets.getSecretValue(r -> r.secretId(secret)).secretString());
      keys.put("rehearsal-events", LocalGatehouse.EVENTS_KEY);
      secrets.putSecretValue(r -> r.secretId(secret).secretString(keys.toString()));
    }
  }

  /** As CloudFormation creates a custom resource: an invocation, then the answer PUT to a presigned URL. */
  private void createCustomResources() throws Exception {
    for (JsonNode resource : stack.get("customResources")) {
      String function = resource.get("function").asText();
      if (!reports.containsKey(function)) {
        continue;
      }
      JsonNode properties = resource.get("properties");
      if (!properties.has("ServiceTimeout")) {
        fail(function, resource.get("logicalId").asText() + " has no ServiceTimeout: if the handler never answers, "
            + "CloudFormation waits an hour");
      }
      long timeout = properties.path("ServiceTimeout").asLong(3600);
      CompletableFuture<String> answer = new CompletableFuture<>();
      HttpServer responseUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      responseUrl.createContext("/cloudformation-response", exchange -> {
        answer.complete(exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      responseUrl.start();
      try {
        ObjectNode event = JSON.createObjectNode()
            .put("RequestType", "Create")
            .put("ServiceToken", properties.get("ServiceToken").asText())
            .put("ResponseURL", "http://127.0.0.1:" + responseUrl.getAddress().getPort() + "/cloudformation-response?X-Amz-Signature=rehearsal")
            .put("StackId", "arn:aws:cloudformation:" + aws.region() + ":123456789012:stack/" + stack.get("stackName").asText() + "/rehearsal")
            .put("RequestId", UUID.randomUUID().toString())
            .put("LogicalResourceId", resource.get("logicalId").asText())
            .put("ResourceType", resource.get("type").asText());
        event.set("ResourceProperties", properties);
        LambdaSandbox.Outcome outcome = invoke(function, event.toString(), resource.get("logicalId").asText() + " (Create)");
        if (outcome == null) {
          continue;
        }
        String put;
        try {
          put = answer.get(Math.min(timeout, 60), TimeUnit.SECONDS);
        } catch (Exception e) {
          fail(function, "custom resource " + resource.get("logicalId").asText() + ": no answer PUT to the ResponseURL");
          continue;
        }
        JsonNode body = JSON.readTree(put.substring(put.indexOf(' ') + 1));
        if (!put.startsWith("PUT ") || !"SUCCESS".equals(body.path("Status").asText())) {
          fail(function, "custom resource " + resource.get("logicalId").asText() + " answered " + put.split(" ")[0] + " "
              + body.path("Status").asText() + ": " + body.path("Reason").asText());
        }
      } finally {
        responseUrl.stop(0);
      }
    }
  }

  // --- events/ ------------------------------------------------------------------------------------

  private void invokeEveryEventFile() throws Exception {
    JsonNode expectations = EventExpectations.load(repo);
    List<String> files;
    try (Stream<Path> list = Files.list(repo.resolve("events"))) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
    for (String file : files) {
      JsonNode expectation = expectations.get(file);
      if (expectation == null) {
        stackFailures.add("events/" + file + " has no expectation in local/src/test/resources/event-expectations.json");
        continue;
      }
      String function = expectation.get("function").asText();
      if (!reports.containsKey(function)) {
        continue;
      }
      resetTable();
      String event = Files.readString(repo.resolve("events").resolve(file));
      if (expectation.has("freshToken")) {
        Optional<String> token = mint(expectation.get("freshToken"), file);
        if (token.isEmpty()) {
          continue;
        }
        event = event.replace(EventFixture.TOKEN_PLACEHOLDER, token.get());
      }
      checkRoute(file, JSON.readTree(event), function);
      LambdaSandbox.Outcome outcome = invoke(function, event, file);
      if (outcome != null) {
        JsonNode response = JSON.readTree(outcome.body());
        String why = response.path("statusCode").asInt() >= 500 ? cause(sandboxes.get(function)) : "";
        EventExpectations.mismatches(expectation, response, admin).forEach(m -> fail(function, file + ": " + m + why));
      }
    }
  }

  /** An HTTP event must reach its function through the API the template defines. */
  private void checkRoute(String file, JsonNode event, String function) {
    if (!event.has("routeKey") || !event.path("requestContext").has("http") || event.has("type")) {
      return; // not an HTTP API request (an authorizer's event carries its "type")
    }
    String routeKey = event.get("routeKey").asText();
    for (JsonNode api : stack.path("routes")) {
      if (api.has(routeKey)) {
        if (!function.equals(api.get(routeKey).asText())) {
          fail(function, file + ": the HTTP API sends " + routeKey + " to " + api.get(routeKey).asText());
        }
        return;
      }
    }
    fail(function, file + ": no HTTP API of the template has the route " + routeKey);
  }

  /** A token as the SDK gets one: through identify-user or authorize-user, signed with the stack's key. */
  private Optional<String> mint(JsonNode spec, String forFile) throws Exception {
    boolean access = spec.get("kind").asText().equals("acc");
    String function = access ? "AuthorizeUserFunction" : "IdentifyUserFunction";
    if (!reports.containsKey(function)) {
      throw new IllegalStateException(forFile + " needs a token from " + function + ": rehearse it too");
    }
    ObjectNode request = JSON.createObjectNode().put("userId", spec.get("userId").asText());
    if (spec.has("organizationId")) {
      request.put("organizationId", spec.get("organizationId").asText());
    }
    if (access) {
      request.set("permissions", spec.get("permissions"));
    }
    String body = answer(function, access ? "authorize-user.json" : "identify-user.json", Optional.empty(), request.toString(),
        "a token for " + forFile);
    return Optional.ofNullable(body).map(b -> readTree(b).get("token").asText());
  }

  /**
   * API Gateway's JWT authorizer as the template configures it must accept an ID token minted
   * through the stack's own API: the discovery document names its issuer, the token carries that
   * {@code iss} and the audience, is signed with RS256 (the authorizer takes RSA keys only) by a
   * key of the JWKS.
   */
  private void checkJwtAuthorizers() throws Exception {
    resetTable();
    for (JsonNode authorizer : stack.path("jwtAuthorizers")) {
      String issuer = authorizer.get("issuer").asText();
      String name = authorizer.get("api").asText() + "/" + authorizer.get("name").asText();
      String domain = URI.create(issuer).getHost();
      String discovery = answer("JwksFunction", "openid-configuration.json", Optional.of(domain), null, "the discovery document on " + domain);
      String token = answer("IdentifyUserFunction", "identify-user.json", Optional.of(domain),
          "{\"userId\":\"alice@example.com\",\"organizationId\":\"acme\"}", "an ID token on " + domain);
      String jwks = answer("JwksFunction", "jwks.json", Optional.of(domain), null, "the JWKS on " + domain);
      if (discovery == null || token == null || jwks == null) {
        continue;
      }
      List<String> problems = JwtAuthorizerCheck.problems(issuer, authorizer.get("audience"), JSON.readTree(discovery),
          JSON.readTree(token).get("token").asText(), jwks);
      problems.forEach(p -> fail("IdentifyUserFunction", "the JWT authorizer " + name + " would refuse its ID token: " + p));
      if (problems.isEmpty()) {
        reports.get("IdentifyUserFunction").notes.add("its ID token passes the JWT authorizer " + name);
      }
    }
  }

  /**
   * The body of a 200 answer to an {@code events/} file, sent with this body and, if given, to
   * another domain (as API Gateway reports one: host, https); null, with the failure recorded, else.
   */
  private String answer(String function, String file, Optional<String> domain, String body, String what) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(repo.resolve("events").resolve(file).toFile());
    if (domain.isPresent()) {
      ((ObjectNode) event.with("requestContext")).put("domainName", domain.get());
      event.with("headers").put("host", domain.get()).put("x-forwarded-proto", "https");
    }
    if (body != null) {
      event.put("body", body);
    }
    LambdaSandbox.Outcome outcome = invoke(function, event.toString(), what);
    if (outcome == null) {
      return null;
    }
    JsonNode response = JSON.readTree(outcome.body());
    if (response.path("statusCode").asInt() != 200) {
      fail(function, what + ": " + response);
      return null;
    }
    return response.get("body").asText();
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  // --- event sources and destinations -------------------------------------------------------------

  /**
   * A room written through the store records its change; the dispatcher, woken as the table's
   * stream would wake it, publishes it on the changes bus with its own role, and a consumer's rule
   * on that bus (here: to a queue) receives it, once.
   */
  private void publishAChangeOnTheChangesBus() throws Exception {
    String function = "WebhookDispatchFunction";
    String bus = function(function).path("environment").path("GATEHOUSE_CHANGES_BUS").asText("");
    if (bus.isEmpty()) {
      fail(function, "no GATEHOUSE_CHANGES_BUS: changes reach no EventBridge bus");
      return;
    }
    resetTable();
    String queueUrl = sqs.createQueue(r -> r.queueName("rehearsal-changes-consumer")).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
        .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN)).attributes()
        .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
    try (var events = aws.eventBridge()) {
      events.putRule(r -> r.name("rehearsal-room-created").eventBusName(bus)
          .eventPattern("{\"source\": [\"gatehouse.changes\"], \"detail-type\": [\"roomCreated\"]}"));
      events.putTargets(r -> r.rule("rehearsal-room-created").eventBusName(bus)
          .targets(t -> t.id("queue").arn(queueArn)));
    }
    admin.store().rooms().create(Room.create("rehearsal:published", new TenantId("acme"), Instant.now(), Map.of(),
        RoomAccesses.parse(List.of("*:read"), Map.of(), Map.of()), Optional.empty()));
    String wake = Files.readString(repo.resolve("events/webhook-dispatch-stream.json"));
    LambdaSandbox.Outcome outcome = invoke(function, wake, "webhook-dispatch-stream.json after a room was created");
    if (outcome == null) {
      return;
    }
    List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
    List<JsonNode> bodies = new ArrayList<>();
    for (Message m : received) {
      bodies.add(JSON.readTree(m.body()));
    }
    boolean found = bodies.stream().anyMatch(b -> b.path("detail-type").asText().equals("roomCreated")
        && b.path("detail").path("data").path("roomId").asText().equals("rehearsal:published"));
    if (!found) {
      fail(function, "the changes bus delivered no roomCreated for the room created (dispatcher answered " + outcome.body()
          + "; the queue held " + bodies + "; the bus's delivery: " + admin.store().webhooks().list().stream()
              .filter(dev.gatehouse.store.webhooks.Webhook::isBus).map(w -> w.delivery().toString()).toList() + ")"
          + cause(sandboxes.get(function)));
      return;
    }
    LambdaSandbox.Outcome again = invoke(function, wake, "webhook-dispatch-stream.json again");
    int repeated = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().size();
    if (again != null && repeated > 0) {
      fail(function, "a second run published the change again");
      return;
    }
    reports.get(function).notes.add("a recorded change reached a rule on the changes bus " + bus + ", once");
  }

  /**
   * A tenant bigger than one offboarding batch, deleted through the real queue: the function puts
   * its continuation on the queue with its own role, and the event source mapping delivers it.
   */
  private void continueThroughTheRealQueue() throws Exception {
    JsonNode mapping = null;
    for (JsonNode m : stack.get("eventSources")) {
      if (m.get("function").asText().equals("ProvisioningFunction")) {
        mapping = m;
      }
    }
    if (mapping == null) {
      fail("ProvisioningFunction", "no SQS event source mapping in the template");
      return;
    }
    String queueArn = mapping.get("eventSourceArn").asText();
    String queueUrl = queueUrlOf(queueArn);
    int batchSize = Math.min(10, mapping.path("batchSize").asInt(10));
    resetTable();
    TenantId tenant = new TenantId("initech");
    int rooms = 130; // more than one batch of the offboarding (100)
    for (int i = 0; i < rooms; i++) {
      admin.store().rooms().create(Room.create("initech:room-" + i, tenant, Instant.parse("2026-11-01T09:00:00.000Z"),
          Map.of(), RoomAccesses.parse(List.of("*:read"), Map.of(), Map.of()), Optional.empty()));
    }
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(
        "{\"id\":\"rehearsal-offboard-initech\",\"type\":\"tenant.deleted\",\"occurredAt\":\"2026-11-22T12:00:00.000Z\",\"data\":{\"tenantId\":\"initech\"}}"));
    int deliveries = 0;
    for (int round = 0; round < 10; round++) {
      List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
          .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
      if (messages.isEmpty()) {
        break;
      }
      deliveries++;
      LambdaSandbox.Outcome outcome = invoke("ProvisioningFunction", sqsEvent(queueArn, messages),
          "SQS delivery " + deliveries + " from the queue");
      if (outcome == null) {
        return;
      }
      JsonNode failed = JSON.readTree(outcome.body()).path("batchItemFailures");
      for (Message m : messages) {
        boolean retry = false;
        for (JsonNode f : failed) {
          retry |= f.path("itemIdentifier").asText().equals(m.messageId());
        }
        if (retry) {
          fail("ProvisioningFunction", "the offboarding message failed in delivery " + deliveries + ": " + outcome.body());
        } else {
          sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
      }
    }
    long left = admin.store().rooms().list(new RoomListing(new RoomListing.Tenants(Set.of(tenant)), r -> true, 100,
        Optional.empty())).rooms().size();
    if (deliveries < 2 || left > 0) {
      fail("ProvisioningFunction", "offboarding " + rooms + " rooms through the queue: " + deliveries
          + " deliveries, " + left + " rooms left (expected a continuation on the queue, then none left)");
    } else {
      reports.get("ProvisioningFunction").notes.add("offboarded " + rooms + " rooms in " + deliveries + " deliveries through the queue");
    }
  }

  private String sqsEvent(String queueArn, List<Message> messages) {
    var records = JSON.createArrayNode();
    for (Message m : messages) {
      ObjectNode record = records.addObject()
          .put("messageId", m.messageId())
          .put("receiptHandle", m.receiptHandle())
          .put("body", m.body())
          .put("md5OfBody", m.md5OfBody())
          .put("eventSource", "aws:sqs")
          .put("eventSourceARN", queueArn)
          .put("awsRegion", aws.region());
      ObjectNode attributes = record.putObject("attributes");
      m.attributesAsStrings().forEach(attributes::put);
      record.putObject("messageAttributes");
    }
    ObjectNode event = JSON.createObjectNode();
    event.set("Records", records);
    return event.toString();
  }

  /**
   * EventBridge invokes asynchronously: an error is retried, then only an on-failure destination
   * keeps the event. Lambda delivers it there with the function's own role, so the role must
   * allow it.
   */
  private void parkFailedAsynchronousInvocations() throws Exception {
    JsonNode config = stack.path("invokeConfigs").path("ProvisioningFunction");
    String destination = config.path("onFailure").asText("");
    if (destination.isEmpty()) {
      fail("ProvisioningFunction", "no on-failure destination for asynchronous invocations (EventInvokeConfig): "
          + "an EventBridge event that keeps failing is retried twice, then dropped");
      return;
    }
    String event = "{\"version\":\"0\",\"id\":\"rehearsal-poison\",\"detail-type\":\"user.upserted\",\"source\":\"rehearsal\","
        + "\"account\":\"123456789012\",\"time\":\"2026-11-22T12:00:00Z\",\"region\":\"" + aws.region() + "\",\"resources\":[],"
        + "\"detail\":{\"id\":\"evt-poison\",\"occurredAt\":\"2026-11-22T12:00:00.000Z\",\"data\":{}}}";
    int attempts = 1 + config.path("maximumRetryAttempts").asInt(2);
    LambdaSandbox.Outcome last = null;
    for (int i = 0; i < attempts; i++) {
      last = sandboxes.get("ProvisioningFunction").invoke(event);
      if (!last.error()) {
        fail("ProvisioningFunction", "an EventBridge event without data was accepted: " + last.body());
        return;
      }
    }
    String record = JSON.createObjectNode()
        .put("version", "1.0").put("timestamp", Instant.now().toString())
        .set("requestContext", JSON.createObjectNode().put("requestId", UUID.randomUUID().toString())
            .put("functionArn", function("ProvisioningFunction").get("arn").asText() + ":live")
            .put("condition", "RetriesExhausted").put("approximateInvokeCount", attempts)).toString();
    String queueUrl = queueUrlOf(destination);
    try (SqsClient asFunction = aws.client(SqsClient.builder(), roleOf("ProvisioningFunction"))) {
      asFunction.sendMessage(r -> r.queueUrl(queueUrl).messageBody(record));
    } catch (RuntimeException e) {
      fail("ProvisioningFunction", "Lambda could not deliver to the on-failure destination with the function's role: "
          + e.getMessage());
      return;
    }
    int parked = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages().size();
    if (parked == 0) {
      fail("ProvisioningFunction", "the on-failure destination " + destination + " holds nothing after a failed event");
    } else {
      reports.get("ProvisioningFunction").notes.add("a failing EventBridge event reached its on-failure queue after "
          + attempts + " attempts");
    }
  }

  /**
   * IAM is really enforced, and least privilege holds where it matters: a function that only
   * verifies tokens may not read the private signing keys, and a read-only route may not write.
   */
  private void probeLeastPrivilege() throws Exception {
    String signingKeys = null;
    for (JsonNode f : stack.get("functions")) {
      signingKeys = f.path("environment").path("GATEHOUSE_SIGNING_KEYS_SECRET").asText(signingKeys);
    }
    for (String id : reports.keySet()) {
      JsonNode env = function(id).get("environment");
      if (signingKeys != null && !env.has("GATEHOUSE_SIGNING_KEYS_SECRET")) {
        String secret = signingKeys;
        try (var secrets = aws.client(SecretsManagerClient.builder(), roleOf(id))) {
          secrets.getSecretValue(r -> r.secretId(secret));
          fail(id, "its role may read the private signing keys, which it never uses");
        } catch (SdkServiceException denied) {
          if (denied.statusCode() != 400 && denied.statusCode() != 403) {
            fail(id, "reading the signing keys with its role: " + denied.getMessage());
          }
        }
      }
    }
    if (reports.containsKey("GetRoomFunction")) {
      try (DynamoDbClient asFunction = aws.client(DynamoDbClient.builder(), roleOf("GetRoomFunction"))) {
        asFunction.putItem(r -> r.tableName(table).item(Map.of("PK", AttributeValue.fromS("PROBE"), "SK", AttributeValue.fromS("PROBE"))));
        fail("GetRoomFunction", "its role may write to the table, though GET /v2/rooms/{roomId} only reads");
      } catch (SdkServiceException denied) {
        if (denied.statusCode() != 400 && denied.statusCode() != 403) {
          fail("GetRoomFunction", "writing with its role: " + denied.getMessage());
        }
      }
    }
  }

  /**
   * A tenant's quota, set in the settings, is counted and enforced by the function with its own
   * role: the second query of the minute is a 429 with retry-after. And that role's permission to
   * count reaches no room: an UpdateItem outside the counters' partition is refused.
   */
  private void enforceAQuotaWithTheFunctionsRole() throws Exception {
    String function = "ClientQueryRoomsFunction";
    String file = "client-query-rooms.json";
    JsonNode expectation = EventExpectations.load(repo).get(file);
    Optional<String> token = mint(expectation.get("freshToken"), file + " (quota)");
    if (token.isEmpty()) {
      return;
    }
    String event = Files.readString(repo.resolve("events").resolve(file)).replace(EventFixture.TOKEN_PLACEHOLDER, token.get());
    admin.settings().service().update(new SettingsService.Update(Optional.empty(),
        Map.of(RateLimits.Bucket.CLIENT_QUERIES, Optional.of(1))));
    try {
      Thread.sleep(6_000); // the function's settings cache (5 s) lets the quota in
      List<Integer> statuses = new ArrayList<>();
      String retryAfter = "";
      // Both queries inside one minute, the quota's window: near a minute's end, wait for the next.
      long intoMinute = System.currentTimeMillis() % 60_000;
      if (intoMinute > 50_000) {
        Thread.sleep(60_000 - intoMinute + 500);
      }
      for (int i = 0; i < 2; i++) {
        LambdaSandbox.Outcome outcome = invoke(function, event, file + " under a quota of 1");
        if (outcome == null) {
          return;
        }
        JsonNode response = JSON.readTree(outcome.body());
        statuses.add(response.path("statusCode").asInt());
        retryAfter = response.path("headers").path("retry-after").asText(retryAfter);
      }
      if (!statuses.equals(List.of(200, 429)) || retryAfter.isEmpty()) {
        fail(function, "a quota of one query per minute answered " + statuses + " (retry-after \"" + retryAfter + "\"), not [200, 429] with retry-after");
      } else {
        reports.get(function).notes.add("a quota of 1 query a minute answered 200 then 429");
      }
    } finally {
      admin.settings().service().update(new SettingsService.Update(Optional.empty(),
          Map.of(RateLimits.Bucket.CLIENT_QUERIES, Optional.empty())));
    }
    try (DynamoDbClient asFunction = aws.client(DynamoDbClient.builder(), roleOf(function))) {
      asFunction.updateItem(r -> r.tableName(table)
          .key(Map.of("PK", AttributeValue.fromS("TENANT#acme"), "SK", AttributeValue.fromS("ROOM#probe")))
          .updateExpression("SET probe = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("x"))));
      // moto's IAM enforcement evaluates actions and resources but not DynamoDB's condition keys
      // (dynamodb:LeadingKeys): it lets this through whatever the policy says. Said, not hidden;
      // TemplateTest holds the policy's condition itself.
      dynamoDb.deleteItem(r -> r.tableName(table)
          .key(Map.of("PK", AttributeValue.fromS("TENANT#acme"), "SK", AttributeValue.fromS("ROOM#probe"))));
      System.out.println("skip " + function + " counters-only UpdateItem probe: moto does not evaluate dynamodb:LeadingKeys conditions");
    } catch (SdkServiceException denied) {
      if (denied.statusCode() != 400 && denied.statusCode() != 403) {
        fail(function, "updating a room item with its role: " + denied.getMessage());
      }
    }
  }

  /** The function's role credentials, from its container credentials endpoint with its token. */
  private StaticCredentialsProvider roleOf(String function) throws Exception {
    JsonNode credentials = function(function).get("credentials");
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(credentials.get("fullUri").asText()))
        .header("Authorization", credentials.get("token").asText()).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode c = JSON.readTree(response.body());
    return StaticCredentialsProvider.create(AwsSessionCredentials.create(
        c.get("AccessKeyId").asText(), c.get("SecretAccessKey").asText(), c.get("Token").asText()));
  }

  /**
   * Each invocation left one access line in its function's output, as Lambda's JSON log format
   * reads it: parseable, naming the function and Lambda's request id, the first after the restore
   * a cold start and no other, and never a secret key or a token.
   */
  private void checkAccessLines() throws IOException {
    for (var e : reports.entrySet()) {
      LambdaSandbox sandbox = sandboxes.get(e.getKey());
      if (sandbox == null || e.getValue().requestIds.isEmpty()) {
        continue;
      }
      String name = function(e.getKey()).get("functionName").asText();
      Map<String, JsonNode> byRequest = new LinkedHashMap<>();
      for (String line : Files.readAllLines(sandbox.log())) {
        if (!line.startsWith("{") || !line.contains("\"type\":\"access\"")) {
          continue;
        }
        if (line.contains("sk_") || line.contains("eyJ")) {
          fail(e.getKey(), "an access line holds a secret key or a token: " + abbreviate(line));
        }
        JsonNode parsed;
        try {
          parsed = JSON.readTree(line);
        } catch (IOException unparseable) {
          fail(e.getKey(), "an access line is not JSON: " + abbreviate(line));
          continue;
        }
        if (!parsed.path("function").asText().equals(name) || !parsed.path("timestamp").isTextual() || !parsed.path("level").isTextual()) {
          fail(e.getKey(), "an access line without its function, timestamp or level: " + abbreviate(line));
        }
        emfProblem(parsed).ifPresent(problem -> fail(e.getKey(), "an access line is not a valid EMF record: " + problem));
        if (byRequest.put(parsed.path("lambdaRequestId").asText(), parsed) != null) {
          fail(e.getKey(), "two access lines for request " + parsed.path("lambdaRequestId").asText());
        }
      }
      List<String> ids = e.getValue().requestIds;
      for (String id : ids) {
        if (!byRequest.containsKey(id)) {
          fail(e.getKey(), "no access line for invocation " + id + " (" + byRequest.size() + " lines for " + ids.size() + " calls)");
          break;
        }
      }
      JsonNode first = byRequest.get(ids.getFirst());
      if (first != null && !first.path("coldStart").asBoolean(false)) {
        fail(e.getKey(), "the first invocation after the restore is not marked coldStart");
      }
      long colds = byRequest.values().stream().filter(l -> l.path("coldStart").asBoolean(false)).count();
      if (colds > 1) {
        fail(e.getKey(), colds + " access lines marked coldStart; only the first after the restore is");
      }
    }
  }

  /**
   * What CloudWatch would refuse in a line's embedded metric format: each directive's dimensions
   * must be string fields of the line, each metric a number in it, in the stack's namespace.
   */
  private Optional<String> emfProblem(JsonNode line) {
    JsonNode directives = line.path("_aws").path("CloudWatchMetrics");
    if (!line.path("_aws").path("Timestamp").isIntegralNumber() || !directives.isArray() || directives.isEmpty()) {
      return Optional.of("no _aws.Timestamp and CloudWatchMetrics");
    }
    String namespace = "Gatehouse/" + stack.get("stackName").asText();
    for (JsonNode directive : directives) {
      if (!directive.path("Namespace").asText().equals(namespace)) {
        return Optional.of("namespace " + directive.path("Namespace") + ", not " + namespace);
      }
      for (JsonNode set : directive.path("Dimensions")) {
        for (JsonNode dimension : set) {
          if (!line.path(dimension.asText()).isTextual()) {
            return Optional.of("dimension " + dimension + " is not a string field");
          }
        }
      }
      for (JsonNode metric : directive.path("Metrics")) {
        if (!line.path(metric.path("Name").asText()).isNumber()) {
          return Optional.of("metric " + metric.path("Name") + " has no number");
        }
      }
    }
    return line.path("Requests").asInt() == 1 ? Optional.empty() : Optional.of("Requests is not 1");
  }

  // --- helpers ------------------------------------------------------------------------------------

  /** Invokes and records; null (with the failure recorded) when the function errs or never answers. */
  private LambdaSandbox.Outcome invoke(String function, String event, String what) {
    FunctionReport report = reports.get(function);
    LambdaSandbox sandbox = sandboxes.get(function);
    try {
      LambdaSandbox.Outcome outcome = sandbox.invoke(event);
      if (report.snapshotMillis < 0) {
        report.snapshotMillis = sandbox.millisToSnapshot();
        report.restoreMillis = sandbox.restoreHookMillis();
      }
      report.millis.add(outcome.millis());
      report.requestIds.add(outcome.requestId());
      if (outcome.error()) {
        fail(function, what + ": the function failed: " + abbreviate(outcome.body()) + cause(sandbox));
        return null;
      }
      return outcome;
    } catch (Exception e) {
      fail(function, what + ": " + e.getMessage() + cause(sandbox));
      return null;
    }
  }

  /** The lines of the function's output that say why: AWS errors and exceptions. */
  private static String cause(LambdaSandbox sandbox) {
    StringBuilder out = new StringBuilder();
    for (String line : sandbox.tail(200).split("\n")) {
      if (line.startsWith("gatehouse: request") || line.contains("not authorized") || line.contains("AccessDenied")
          || line.contains("Exception") || line.contains("Unable to load credentials") || line.contains("is not set")) {
        out.append("\n      | ").append(abbreviate(line.strip()));
        if (out.length() > 1200) {
          break;
        }
      }
    }
    return out.toString();
  }

  private void resetTable() {
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      var page = dynamoDb.scan(r -> r.tableName(table).exclusiveStartKey(from).projectionExpression("PK, SK"));
      page.items().forEach(item -> dynamoDb.deleteItem(r -> r.tableName(table).key(item)));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    EventFixture.seed(admin);
  }

  private String queueUrlOf(String arn) {
    for (var e : stack.get("resources").properties()) {
      if (arn.equals(e.getValue().path("Arn").asText()) && e.getValue().has("QueueUrl")) {
        return e.getValue().get("QueueUrl").asText();
      }
    }
    throw new IllegalStateException("no queue " + arn + " in the stack");
  }

  private JsonNode function(String logicalId) {
    return stack.get("functions").get(logicalId);
  }

  private String anyFunctionVariable(String name) {
    for (JsonNode f : stack.get("functions")) {
      if (f.path("environment").has(name)) {
        return f.get("environment").get(name).asText();
      }
    }
    throw new IllegalStateException("no function of the template has " + name);
  }

  private void fail(String function, String message) {
    reports.computeIfAbsent(function, k -> new FunctionReport()).failures.add(message);
  }

  private boolean report() {
    boolean ok = stackFailures.isEmpty();
    stackFailures.forEach(f -> System.out.println("FAIL stack: " + f));
    for (var e : reports.entrySet()) {
      FunctionReport r = e.getValue();
      if (r.millis.isEmpty() && r.failures.isEmpty()) {
        r.failures.add("no event in events/ invokes it");
      }
      String timing = r.millis.isEmpty() ? "" : String.format("first call %4d ms (restore hooks %d ms), %2d calls",
          r.millis.get(0), r.restoreMillis, r.millis.size());
      if (r.failures.isEmpty()) {
        System.out.printf("ok   %-32s %s%s%n", e.getKey(), timing,
            r.notes.isEmpty() ? "" : "; " + String.join("; ", r.notes));
      } else {
        ok = false;
        System.out.printf("FAIL %-32s %s%n", e.getKey(), timing);
        r.failures.forEach(f -> System.out.println("     - " + f));
      }
    }
    return ok;
  }

  private void close() {
    for (LambdaSandbox s : sandboxes.values()) {
      try {
        s.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dynamoDb.close();
    sqs.close();
  }

  /** The runtime client's JNI library for this machine, out of its jar. */
  private static Path unpackNativeLibrary(List<Path> runtimeLibraries, Path work) {
    String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64";
    String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
    for (Path jar : runtimeLibraries) {
      try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
        var found = zip.getEntry(entry);
        if (found != null) {
          Path target = work.resolve("libaws-lambda-jni.so");
          try (var in = zip.getInputStream(found)) {
            Files.copy(in, target);
          }
          return target;
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + jar, e);
      }
    }
    throw new IllegalStateException("no " + entry + " in the runtime interface client");
  }

  private static List<Path> runtimeLibraries(Path repo) throws IOException {
    Path dir = repo.resolve("rehearsal/target/runtime");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(dir + " is missing: run ./gatehouse build");
    }
    try (Stream<Path> jars = Files.list(dir)) {
      return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }
}
