package dev.gatehouse.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What a SnapStart function sees: no access-key variables, only the container credentials
 * endpoint and its token. The SDK reads both settings from system properties before the
 * environment, so the test can hand them over without touching the process environment.
 */
class LambdaCredentialsTest {
  private static final String TOKEN = "container-token-for-this-test";
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer endpoint;

  @BeforeEach
  void noAccessKeyVariables() throws Exception {
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null,
        "AWS_ACCESS_KEY_ID is set in this environment, so the variables would win over the container endpoint");
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    endpoint.createContext("/2021-04-23/credentials", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] body = ("{\"AccessKeyId\":\"ASIAROLEKEY\",\"SecretAccessKey\":\"role-secret\",\"Token\":\"role-session\","
          + "\"Expiration\":\"" + expiration + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    endpoint.start();
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.containerCredentialsFullUri");
    System.clearProperty("aws.containerAuthorizationToken");
    if (endpoint != null) {
      endpoint.stop(0);
    }
  }

  @Test
  void takesTheRoleCredentialsFromTheContainerEndpointWithItsToken() {
    System.setProperty("aws.containerCredentialsFullUri",
        "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/2021-04-23/credentials");
    System.setProperty("aws.containerAuthorizationToken", TOKEN);

    AwsCredentials credentials = LambdaCredentials.provider().resolveCredentials();

    AwsSessionCredentials session = assertInstanceOf(AwsSessionCredentials.class, credentials);
    assertEquals("ASIAROLEKEY", session.accessKeyId());
    assertEquals("role-secret", session.secretAccessKey());
    assertEquals("role-session", session.sessionToken());
    // Every request carries the token; the SDK may retry one that a loaded machine answered late.
    assertFalse(authorizations.isEmpty());
    assertTrue(authorizations.stream().allMatch(TOKEN::equals), "a credentials request without the token");
  }

  @Test
  void withNeitherSourceItFailsAtTheFirstCallNotAtConstruction() {
    var provider = LambdaCredentials.provider(); // built during init, before any snapshot: no I/O
    assertEquals(List.of(), authorizations);
    assertThrows(SdkClientException.class, provider::resolveCredentials);
  }
}
