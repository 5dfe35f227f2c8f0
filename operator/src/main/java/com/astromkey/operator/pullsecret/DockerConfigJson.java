package com.astromkey.operator.pullsecret;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.names.SecretKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads and writes {@code .dockerconfigjson} documents; registry keys are compared in normalised form. */
public final class DockerConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerConfigJson() {}

  /** {@code {"auths":{"<registry>":{"username","password","auth"}}}} with {@code auth = base64(user:password)}. */
  public static String single(String registry, String username, String password) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("username", username);
    entry.put("password", password);
    entry.put("auth", Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    ObjectNode auths = JSON.createObjectNode();
    auths.set(registry, entry);
    return write(auths);
  }

  /** A document holding exactly these raw {@code auths} entries, in the given order. */
  public static String of(Map<String, JsonNode> entries) {
    ObjectNode auths = JSON.createObjectNode();
    entries.forEach(auths::set);
    return write(auths);
  }

  /**
   * The {@code auths} entries of a Secret of type {@code kubernetes.io/dockerconfigjson}; empty when the Secret has the
   * wrong type, lacks the key or does not parse.
   */
  public static Optional<Map<String, JsonNode>> entries(Secret secret) {
    if (secret == null || !SecretKeys.TYPE_DOCKER_CONFIG_JSON.equals(secret.getType()) || secret.getData() == null
        || secret.getData().get(SecretKeys.DOCKER_CONFIG_JSON) == null) {
      return Optional.empty();
    }
    try {
      byte[] raw = Base64.getDecoder().decode(secret.getData().get(SecretKeys.DOCKER_CONFIG_JSON));
      JsonNode auths = JSON.readTree(raw).path("auths");
      if (!auths.isObject()) {
        return Optional.empty();
      }
      Map<String, JsonNode> entries = new LinkedHashMap<>();
      auths.properties().forEach(field -> entries.put(field.getKey(), field.getValue()));
      return Optional.of(entries);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** The registry host of an {@code auths} key ({@code https://host/v1/} and Docker Hub aliases included). */
  public static String normalizeRegistry(String key) {
    String host = key.toLowerCase(Locale.ROOT);
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    if (host.equals("index.docker.io") || host.equals(ImageReference.DOCKER_HUB_ENDPOINT)) {
      return ImageReference.DOCKER_HUB;
    }
    return host;
  }

  private static String write(ObjectNode auths) {
    ObjectNode root = JSON.createObjectNode();
    root.set("auths", auths);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
