package dev.gatehouse.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS, on loopback: {@code rehearsal/aws/emulated_aws.py} runs moto in server mode with IAM
 * enforced, creates the stack of {@code template.yaml} on it and serves each function's container
 * credentials. This class starts it, reads the stack it made, and stops it by its pid.
 */
final class EmulatedAws implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final JsonNode state;

  private EmulatedAws(Process process, JsonNode state) {
    this.process = process;
    this.state = state;
  }

  /** @param parameters stack parameter overrides, {@code NAME=VALUE} */
  static EmulatedAws start(String python, Path repo, Path work, List<String> parameters) throws Exception {
    Path stateFile = work.resolve("stack.json");
    Path log = work.resolve("emulated-aws.log");
    List<String> command = new java.util.ArrayList<>(List.of(python, repo.resolve("rehearsal/aws/emulated_aws.py").toString(),
        "--template", repo.resolve("template.yaml").toString(), "--state", stateFile.toString()));
    parameters.forEach(p -> command.addAll(List.of("--parameter", p)));
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    try {
      line = ready.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      line = null;
    }
    if (!"ready".equals(line)) {
      process.destroyForcibly();
      throw new IllegalStateException("the emulated AWS did not start:\n" + tail(log));
    }
    return new EmulatedAws(process, JSON.readTree(stateFile.toFile()));
  }

  /** The stack as created: functions, event sources, destinations, custom resources, routes, resources. */
  JsonNode stack() {
    return state;
  }

  URI endpoint() {
    return URI.create(state.get("endpoint").asText());
  }

  String region() {
    return state.get("region").asText();
  }

  /** A resource's physical id or attribute ({@code Ref} for the id). */
  String resource(String logicalId, String attribute) {
    JsonNode value = state.path("resources").path(logicalId).path(attribute);
    if (value.isMissingNode()) {
      throw new IllegalStateException(logicalId + "." + attribute + " is not in the stack");
    }
    return value.asText();
  }

  /** A client of this AWS, with these credentials (a function's role, or the administrator's). */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, AwsCredentialsProvider credentials) {
    return builder.httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint())
        .region(Region.of(region())).credentialsProvider(credentials).build();
  }

  // The harness's own clients act as the stack's administrator (seeding, queues, secrets); the
  // functions never see these credentials.
  private StaticCredentialsProvider admin() {
    JsonNode admin = state.get("admin");
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(admin.get("accessKeyId").asText(), admin.get("secretAccessKey").asText()));
  }

  DynamoDbClient dynamoDb() {
    return client(DynamoDbClient.builder(), admin());
  }

  SqsClient sqs() {
    return client(SqsClient.builder(), admin());
  }

  software.amazon.awssdk.services.eventbridge.EventBridgeClient eventBridge() {
    return client(software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder(), admin());
  }

  SecretsManagerClient secretsManager() {
    return client(SecretsManagerClient.builder(), admin());
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws InterruptedException {
    // Stopped by its pid, children included (moto runs in the same process).
    ProcessHandle handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      handle.destroyForcibly();
    }
  }
}
