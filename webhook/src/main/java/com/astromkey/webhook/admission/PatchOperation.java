package com.astromkey.webhook.admission;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One RFC 6902 operation; {@code value} is null for {@code remove}, otherwise a JSON tree or a model object that the shared
 * mapper serialises (so an added init container is written once, straight into the patch).
 */
@JsonPropertyOrder({"op", "path", "value"})
public record PatchOperation(String op, String path, @JsonInclude(JsonInclude.Include.NON_NULL) Object value) {
  public static PatchOperation add(String path, Object value) {
    return new PatchOperation("add", path, value);
  }

  public static PatchOperation replace(String path, Object value) {
    return new PatchOperation("replace", path, value);
  }

  public static PatchOperation remove(String path) {
    return new PatchOperation("remove", path, null);
  }
}
