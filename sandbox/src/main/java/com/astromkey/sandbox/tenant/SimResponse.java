package com.astromkey.sandbox.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer of the simulator before it is written (and possibly mangled by a fault). */
record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  static SimResponse json(int status, JsonNode body) {
    return new SimResponse(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
