package dev.gatehouse.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local server needs from {@code template.yaml}: each Java function's handler and its HTTP
 * API routes, the table's keys, and the HTTP API's CORS settings. Reading the template itself
 * means a route added there is served locally with no second list to keep in step.
 */
public record SamTemplate(Map<String, Function> functions, JsonNode table, Cors cors) {

  /**
   * A function: its logical id, handler class, routes (empty for non-HTTP functions), events, and
   * its code (the shaded jar, relative to the template).
   */
  public record Function(String logicalId, String handlerClass, List<Route> routes, JsonNode events, String codeUri) {}

  /** One HTTP API route, e.g. {@code GET /v2/rooms/{roomId}}. */
  public record Route(String method, String path) {
    public String routeKey() {
      return method + " " + path;
    }
  }

  /**
   * The {@code CorsConfiguration} of the HTTP API {@code Api}: the methods and headers a browser may
   * use and how long it may cache a preflight. Origins are a stack parameter; locally any is allowed.
   */
  public record Cors(List<String> allowMethods, List<String> allowHeaders, int maxAgeSeconds) {
    static final Cors NONE = new Cors(List.of(), List.of(), 0);

    public boolean enabled() {
      return !allowMethods.isEmpty();
    }
  }

  public static SamTemplate load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Function> functions = new LinkedHashMap<>();
    JsonNode table = null;
    String defaultRuntime = root.path("Globals").path("Function").path("Runtime").asText("");
    String defaultCodeUri = root.path("Globals").path("Function").path("CodeUri").asText("");
    for (Map.Entry<String, JsonNode> resource : root.path("Resources").properties()) {
      String type = resource.getValue().path("Type").asText();
      JsonNode properties = resource.getValue().path("Properties");
      String runtime = properties.path("Runtime").asText(defaultRuntime);
      if (type.equals("AWS::Serverless::Function") && !runtime.startsWith("java")) {
        continue; // an example written in another language (the WebSocket $connect stand-in)
      }
      if (type.equals("AWS::Serverless::Function")) {
        String handler = properties.path("Handler").asText();
        String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        List<Route> routes = new ArrayList<>();
        for (JsonNode event : properties.path("Events")) {
          if (event.path("Type").asText().equals("HttpApi")) {
            JsonNode p = event.path("Properties");
            routes.add(new Route(p.path("Method").asText().toUpperCase(), p.path("Path").asText()));
          }
        }
        functions.put(resource.getKey(), new Function(resource.getKey(), handlerClass, List.copyOf(routes),
            properties.path("Events"), properties.path("CodeUri").asText(defaultCodeUri)));
      } else if (type.equals("AWS::DynamoDB::Table")) {
        table = properties;
      }
    }
    return new SamTemplate(functions, table, cors(root.path("Resources").path("Api").path("Properties").path("CorsConfiguration")));
  }

  private static Cors cors(JsonNode configuration) {
    if (!configuration.isObject()) {
      return Cors.NONE;
    }
    return new Cors(texts(configuration.path("AllowMethods")), texts(configuration.path("AllowHeaders")),
        configuration.path("MaxAge").asInt(0));
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(item -> out.add(item.asText()));
    return List.copyOf(out);
  }

  public Optional<Function> function(String logicalId) {
    return Optional.ofNullable(functions.get(logicalId));
  }
}
