package dev.gatehouse.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for end-to-end tests: server calls with the secret key, client calls with a token. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Reply(int status, JsonNode body) {
    List<String> ids() {
      List<String> ids = new ArrayList<>();
      body.path("data").forEach(n -> ids.add(n.path("id").asText()));
      return ids;
    }

    String error() {
      return body == null ? "" : body.path("error").asText();
    }
  }

  private final URI base;
  private final String secret;

  Api(URI base, String secret) {
    this.base = base;
    this.secret = secret;
  }

  Reply server(String method, String path, Object body) {
    return send(method, path, body, secret);
  }

  Reply as(String token, String method, String path, Object body) {
    return send(method, path, body, token);
  }

  String idToken(String userId, String tenant) {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("userId", userId);
    if (tenant != null) {
      body.put("organizationId", tenant);
    }
    Reply reply = server("POST", "/v2/identify-user", body);
    if (reply.status() != 200) {
      throw new AssertionError("identify-user " + userId + " " + tenant + ": " + reply);
    }
    return reply.body().get("token").asText();
  }

  /** A server call with a body sent exactly as given (not serialised from an object). */
  Reply raw(String method, String path, String body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.ofString(body))
          .header("Authorization", "Bearer " + secret).build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return documented(method, path, new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Reply send(String method, String path, Object body, String bearer) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return documented(method, path, new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every answer the HTTP tests get is held to docs/openapi.yaml: its status listed, its body the schema's. */
  private static Reply documented(String method, String path, Reply reply) {
    OpenApiDocument.get().problem(method, path, reply.status(), reply.body()).ifPresent(problem -> {
      throw new AssertionError("docs/openapi.yaml: " + problem);
    });
    return reply;
  }
}
