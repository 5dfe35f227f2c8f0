package com.astromkey.oci.keychain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Reads the {@code auths} of a docker config JSON (pull secret or CLI config file) into keychain entries. */
public final class DockerConfigParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerConfigParser() {
  }

  /** Reads one pull secret following registry.md §3; throws with the reason when the secret cannot be used. */
  public static List<KeychainEntry> parseSecret(PullSecret secret) throws UnusableSecretException {
    if (!secret.exists()) {
      throw new UnusableSecretException("secret " + secret.name() + " does not exist");
    }
    if (PullSecret.TYPE_DOCKERCFG.equals(secret.type())) {
      throw new UnusableSecretException(
          "legacy type kubernetes.io/dockercfg; recreate it as kubernetes.io/dockerconfigjson");
    }
    if (!PullSecret.TYPE_DOCKER_CONFIG_JSON.equals(secret.type())) {
      throw new UnusableSecretException("type " + secret.type() + " is not " + PullSecret.TYPE_DOCKER_CONFIG_JSON);
    }
    byte[] json = secret.data().get(PullSecret.KEY_DOCKER_CONFIG_JSON);
    if (json == null) {
      throw new UnusableSecretException("key " + PullSecret.KEY_DOCKER_CONFIG_JSON + " is absent");
    }
    return parse(json, "secret " + secret.name(), secret.name());
  }

  /** Reads a docker config document; {@code origin} names it in the recorded credential source. */
  public static List<KeychainEntry> parse(byte[] json, String origin, String name) throws UnusableSecretException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UnusableSecretException("invalid JSON at line " + e.getLocation().getLineNr());
    } catch (java.io.IOException e) {
      throw new UnusableSecretException("invalid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new UnusableSecretException("invalid JSON: not an object");
    }
    JsonNode auths = root.get("auths");
    if (auths == null || !auths.isObject()) {
      throw new UnusableSecretException("no \"auths\" object");
    }
    List<KeychainEntry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : auths.properties()) {
      RegistryKey key;
      try {
        key = RegistryKey.parse(field.getKey());
      } catch (IllegalArgumentException e) {
        throw new UnusableSecretException(e.getMessage());
      }
      String source = origin + ", key " + field.getKey();
      RegistryCredential credential = credential(field.getKey(), field.getValue(), source);
      if (credential.isUsable()) {
        entries.add(new KeychainEntry(key, credential, name, field.getKey()));
      }
    }
    return entries;
  }

  private static RegistryCredential credential(String key, JsonNode entry, String source) throws UnusableSecretException {
    if (entry == null || !entry.isObject()) {
      throw new UnusableSecretException("entry " + key + " is not an object");
    }
    String username = text(entry, "username");
    String password = text(entry, "password");
    String auth = text(entry, "auth");
    if ((username == null || password == null) && auth != null && !auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.replaceAll("\\s", "")), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new UnusableSecretException("entry " + key + ": field auth is not valid base64");
      }
      // split at the first ':' only: passwords may contain colons, user names may not
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new UnusableSecretException("entry " + key + ": field auth is not base64 of user:password");
      }
      username = username != null ? username : decoded.substring(0, colon);
      password = password != null ? password : decoded.substring(colon + 1);
    }
    return new RegistryCredential(username, password, text(entry, "identitytoken"), text(entry, "registrytoken"), source);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
