package dev.gatehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/openapi.yaml held to the truth: it is a valid OpenAPI 3.1 document, its routes are the
 * template's (and no others), every error code it names exists, and the local server serves it.
 * Every answer of the HTTP tests is checked against it as it arrives ({@code Api}).
 */
class OpenApiIT {
  private static final String KEY = "sk_openapi_it_0123456789abcdef";

  @RegisterExtension
  static final ServedGatehouse served = new ServedGatehouse(KEY);

  @Test
  void theDocumentHasExactlyTheTemplatesRoutes() {
    Set<String> template = new TreeSet<>();
    served.local().template().functions().values().forEach(f -> f.routes().forEach(r -> template.add(r.method() + " " + r.path())));
    assertEquals(template, new TreeSet<>(OpenApiDocument.get().routes()));
  }

  @Test
  void theDocumentIsValidOpenApi() throws Exception {
    String python = System.getenv().getOrDefault("GATEHOUSE_PYTHON", "python3");
    Process check = new ProcessBuilder(python, "-c", "import openapi_spec_validator").redirectErrorStream(true).start();
    boolean available = check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
    if (!available) {
      System.out.println("skip OpenApiIT.theDocumentIsValidOpenApi: " + python + " has no openapi-spec-validator (pip install openapi-spec-validator)");
    }
    Assumptions.assumeTrue(available, "openapi-spec-validator is not installed for " + python);
    Process validate = new ProcessBuilder(python, "-m", "openapi_spec_validator", Repo.root().resolve("docs/openapi.yaml").toString())
        .redirectErrorStream(true).start();
    String out = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(validate.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, validate.exitValue(), out);
  }

  @Test
  void everyErrorCodeTheDocumentNamesExistsAndEveryCodeIsNamed() {
    Set<String> codes = new TreeSet<>();
    for (dev.gatehouse.errors.ErrorCode code : dev.gatehouse.errors.ErrorCode.values()) {
      codes.add(code.wire());
    }
    Set<String> named = new TreeSet<>();
    OpenApiDocument.get().root().path("components").path("schemas").path("Error").path("properties").path("error").path("enum")
        .forEach(c -> named.add(c.asText()));
    assertEquals(codes, named);
  }

  @Test
  void theLocalServerServesTheDocument() throws Exception {
    HttpResponse<String> served = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(OpenApiIT.served.server().baseUri() + "/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, served.statusCode());
    assertTrue(served.headers().firstValue("content-type").orElse("").startsWith("application/yaml"));
    JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(served.body());
    assertEquals(OpenApiDocument.get().root(), document);
  }

  @Test
  void answersAreCheckedAgainstTheDocument() {
    // Through Api: each of these is held to its operation's documented status and schema.
    Api api = served.api();
    assertEquals(200, api.server("POST", "/v2/rooms", Map.of("id", "openapi:doc", "defaultAccesses", List.of("*:write"))).status());
    assertEquals(200, api.server("GET", "/v2/rooms/openapi:doc", null).status());
    assertEquals(404, api.server("GET", "/v2/rooms/openapi:missing", null).status());
    assertEquals(422, api.server("POST", "/v2/rooms", Map.of("id", "openapi:bad", "defaultAccesses", List.of("room:fly"))).status());
    assertEquals(200, api.server("GET", "/v2/settings", null).status());
    String token = api.idToken("alice", null);
    assertEquals(200, api.as(token, "POST", "/v2/c/rooms/query", Map.of()).status());
    assertEquals(200, api.server("POST", "/v2/authorize-connection", Map.of("token", token, "roomId", "openapi:doc")).status());
    assertEquals(200, api.server("POST", "/v2/authorize-connections", Map.of("token", token, "roomIds", List.of("openapi:doc", "openapi:missing"))).status());
    assertEquals(200, api.server("POST", "/v2/explain", Map.of("userId", "alice", "groupIds", List.of("g"), "roomId", "openapi:doc")).status());
    assertEquals(422, api.server("POST", "/v2/explain", Map.of("userId", "", "roomId", "openapi:doc")).status());
    assertEquals(200, api.server("POST", "/v2/rooms", Map.of("id", "openapi:other", "defaultAccesses", List.of())).status());
    assertEquals(409, api.server("POST", "/v2/rooms/openapi:other/update-room-id", Map.of("newRoomId", "openapi:doc")).status());
    assertEquals(200, api.server("POST", "/v2/rooms/openapi:other/update-room-id", Map.of("newRoomId", "openapi:renamed")).status());
    assertEquals(404, api.server("POST", "/v2/rooms/openapi:other/update-room-id", Map.of("newRoomId", "openapi:again")).status());
    assertEquals(204, api.server("DELETE", "/v2/rooms/openapi:doc", null).status());
    // And a broken answer would be caught: a Room schema does not take a user.
    assertTrue(OpenApiDocument.get().problem("GET", "/v2/rooms/x", 200,
        new ObjectMapper().createObjectNode().put("type", "user")).isPresent());
    assertTrue(OpenApiDocument.get().problem("GET", "/v2/rooms/x", 418, null).isPresent(), "an undocumented status");
  }
}
