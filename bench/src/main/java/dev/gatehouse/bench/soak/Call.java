package dev.gatehouse.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One request of the soak and what it must get back.
 *
 * @param kind the request kind, for counts and errors ({@code room.get}, {@code bad.json}, …)
 * @param method the HTTP method
 * @param path path and query, already encoded
 * @param bearer the {@code Authorization: Bearer} value; null sends no header
 * @param body the JSON body as sent; null sends none
 * @param status the one status that is right for this request
 * @param errorCode for a 4xx, the {@code error} code the body must carry; null for a 2xx
 * @param check for a 2xx with a body, a cheap check of it: null when it passes, else what is wrong
 *     (never the body itself, which may hold a token); null for no check
 * @param settle told whether the answer was the expected one, so the workload knows the state of
 *     what it changed
 * @param headers further request headers (a browser's CORS preflight)
 */
record Call(String kind, String method, String path, String bearer, String body, int status, String errorCode,
    Function<JsonNode, String> check, Consumer<Boolean> settle, Map<String, String> headers) {

  static final Consumer<Boolean> NOTHING = ok -> {};

  Call(String kind, String method, String path, String bearer, String body, int status, String errorCode,
      Function<JsonNode, String> check, Consumer<Boolean> settle) {
    this(kind, method, path, bearer, body, status, errorCode, check, settle, Map.of());
  }

  Call {
    if (status >= 400 && errorCode == null) {
      throw new IllegalArgumentException(kind + ": a 4xx needs its error code");
    }
  }

  boolean expectsError() {
    return status >= 400;
  }
}
