package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.runtime.MapHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** SigningKeysFunction: the CloudFormation custom resource answer, and rotation. */
class SigningKeysIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @SuppressWarnings("unchecked")
  private static MapHandler handler(LocalGatehouse local) {
    return (MapHandler) local.handler("SigningKeysFunction");
  }

  @Test
  void answersCloudFormationWithTheKeyIdAndNoKeyMaterial() throws Exception {
    AtomicReference<String> answer = new AtomicReference<>();
    HttpServer cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cloudFormation.createContext("/", exchange -> {
      answer.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " " + exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    cloudFormation.start();
    try (LocalGatehouse local = LocalGatehouse.start(Repo.template(), Optional.empty(), Optional.empty(), List.of())) {
      Map<String, Object> created = handler(local).handle(Map.of(
          "RequestType", "Create",
          "ResponseURL", "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/response",
          "StackId", "arn:aws:cloudformation:eu-west-1:1:stack/gatehouse/1",
          "RequestId", "req-1",
          "LogicalResourceId", "InitialSigningKey",
          "ResourceProperties", Map.of("Algorithm", "ES256")), new LocalContext("r", "SigningKeysFunction"));
      assertEquals("SUCCESS", created.get("status"));
      String body = answer.get();
      assertTrue(body.endsWith(" PUT"), body);
      JsonNode response = JSON.readTree(body.substring(0, body.length() - 4));
      assertEquals("SUCCESS", response.get("Status").asText());
      assertEquals("req-1", response.get("RequestId").asText());
      assertEquals(local.gatehouse().keys().verificationKeys().keys().getFirst().kid(), response.get("Data").get("KeyId").asText());
      assertFalse(body.contains("\"d\""), "no private key parameter in the answer");
    } finally {
      cloudFormation.stop(0);
    }
  }

  @Test
  void rotationPutsANewKeyInFrontAndKeepsTheOldOneForVerification() throws Exception {
    Path data = Files.createTempDirectory("keys");
    try (LocalGatehouse local = LocalGatehouse.start(Repo.template(), Optional.of(data), Optional.empty(), List.of())) {
      String before = local.gatehouse().keys().verificationKeys().keys().getFirst().kid();
      String oldToken = local.gatehouse().access().tokens().identifyUser(
          new dev.gatehouse.service.tokens.IdentifyUser("u", List.of(), Optional.empty(), Map.of(), 0)).token();
      Map<String, Object> rotated = handler(local).handle(Map.of("action", "rotate", "algorithm", "RS256"),
          new LocalContext("r", "SigningKeysFunction"));
      String after = (String) rotated.get("kid");
      assertNotEquals(before, after);
      assertEquals(after, local.gatehouse().keys().verificationKeys().keys().getFirst().kid());
      assertEquals(2, local.gatehouse().keys().verificationKeys().keys().size());
      String newToken = local.gatehouse().access().tokens().identifyUser(
          new dev.gatehouse.service.tokens.IdentifyUser("u", List.of(), Optional.empty(), Map.of(), 0)).token();
      assertTrue(new String(java.util.Base64.getUrlDecoder().decode(newToken.split("\\.")[0])).contains("RS256"));
      assertTrue(Files.readString(data.resolve("signing-keys.json")).contains(after), "rotation is persisted");
      // Both tokens still pass the connection check's verification step.
      local.gatehouse().access().connectionCheck().check(oldToken, "any-room");
      local.gatehouse().access().connectionCheck().check(newToken, "any-room");
    }
    try (LocalGatehouse again = LocalGatehouse.start(Repo.template(), Optional.of(data), Optional.empty(), List.of())) {
      assertEquals("RS256", again.gatehouse().keys().verificationKeys().keys().getFirst().algorithm().joseName(), "keys survive a restart");
    }
  }

  @Test
  void answersFailedWithTheReasonWhenTheKeysCannotBeMade() throws Exception {
    List<java.util.function.Supplier<dev.gatehouse.service.keys.SigningKeyManager>> failures = List.of(
        () -> {
          throw new IllegalStateException("Secrets Manager said no");
        },
        () -> {
          throw new NoClassDefFoundError("a class that did not load");
        });
    for (var failing : failures) {
      AtomicReference<String> answer = new AtomicReference<>();
      HttpServer cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      cloudFormation.createContext("/", exchange -> {
        answer.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      cloudFormation.start();
      try {
        var handler = new dev.gatehouse.functions.keys.SigningKeysHandler(
            dev.gatehouse.runtime.Gatehouse.builder().keyManager(failing).build());
        Map<String, Object> result = handler.handle(Map.of(
            "RequestType", "Create",
            "ResponseURL", "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/response",
            "StackId", "arn:aws:cloudformation:eu-west-1:1:stack/gatehouse/1",
            "RequestId", "req-2",
            "LogicalResourceId", "InitialSigningKey",
            "ResourceProperties", Map.of()), new LocalContext("r", "SigningKeysFunction"));
        assertEquals("FAILED", result.get("status"));
        JsonNode response = JSON.readTree(answer.get());
        assertEquals("FAILED", response.get("Status").asText());
        assertEquals("req-2", response.get("RequestId").asText());
        String reason = response.get("Reason").asText();
        assertTrue(reason.contains("Secrets Manager said no") || reason.contains("NoClassDefFoundError"), reason);
        assertTrue(reason.contains("log: "), "the reason says where the log is: " + reason);
      } finally {
        cloudFormation.stop(0);
      }
    }
  }
}
