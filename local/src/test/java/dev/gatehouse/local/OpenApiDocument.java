package dev.gatehouse.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docs/openapi.yaml as a test holds answers to it: the operation of a method and path (a literal
 * segment beats a parameter, so {@code /v2/rooms/query} is not {@code /v2/rooms/{roomId}}), and
 * whether a status and body are among that operation's documented responses.
 */
final class OpenApiDocument {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiDocument INSTANCE = load();

  private final JsonNode root;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  static OpenApiDocument get() {
    return INSTANCE;
  }

  private static OpenApiDocument load() {
    try {
      return new OpenApiDocument(new ObjectMapper(new YAMLFactory()).readTree(Repo.root().resolve("docs/openapi.yaml").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode root() {
    return root;
  }

  /** Every {@code METHOD /path} of the document. */
  List<String> routes() {
    List<String> routes = new ArrayList<>();
    root.path("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(op -> routes.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
    return routes;
  }

  /** The path template of {@code method rawPath}: the one with the most literal segments that matches. */
  Optional<String> template(String method, String rawPath) {
    String path = rawPath.split("\\?", 2)[0];
    String[] segments = path.split("/", -1);
    String best = null;
    int bestLiterals = -1;
    for (var entry : root.path("paths").properties()) {
      if (!entry.getValue().has(method.toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      String[] template = entry.getKey().split("/", -1);
      if (template.length != segments.length) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < template.length && matches; i++) {
        if (template[i].startsWith("{")) {
          matches = !segments[i].isEmpty();
        } else if (template[i].equals(segments[i])) {
          literals++;
        } else {
          matches = false;
        }
      }
      if (matches && literals > bestLiterals) {
        best = entry.getKey();
        bestLiterals = literals;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * What is wrong with this answer by the document, if anything: a status the operation does not
   * list, or a body that is not its schema's. Empty too for a path the document has no operation
   * for (the local server's own 404s).
   */
  Optional<String> problem(String method, String rawPath, int status, JsonNode body) {
    Optional<String> template = template(method, rawPath);
    if (template.isEmpty()) {
      return Optional.empty();
    }
    String where = method + " " + template.get() + " " + status;
    JsonNode response = root.path("paths").path(template.get()).path(method.toLowerCase(java.util.Locale.ROOT))
        .path("responses").path(String.valueOf(status));
    if (response.isMissingNode()) {
      return Optional.of(where + " is not among the documented responses" + (body == null ? "" : ": " + body));
    }
    JsonNode schema = response.path("content").path("application/json").path("schema");
    if (schema.isMissingNode()) {
      return body == null ? Optional.empty() : Optional.of(where + " documents no body, got " + body);
    }
    if (body == null) {
      return Optional.of(where + " documents a body, got none");
    }
    var errors = schemas.computeIfAbsent(where, k -> factory.getSchema(standalone(schema))).validate(body);
    return errors.isEmpty() ? Optional.empty() : Optional.of(where + ": " + errors + " in " + body);
  }

  /** The schema with the document's components beside it, so that its references resolve on their own. */
  private JsonNode standalone(JsonNode schema) {
    ObjectNode copy = (ObjectNode) rewrite(schema.deepCopy());
    copy.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    copy.set("$defs", rewrite(root.path("components").path("schemas").deepCopy()));
    return copy;
  }

  private static JsonNode rewrite(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      if (object.path("$ref").isTextual()) {
        object.put("$ref", object.get("$ref").asText().replace("#/components/schemas/", "#/$defs/"));
      }
      object.properties().forEach(e -> rewrite(e.getValue()));
    } else if (node.isArray()) {
      node.forEach(OpenApiDocument::rewrite);
    }
    return node;
  }
}
