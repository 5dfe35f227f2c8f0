package com.astromkey.oci.manifest;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest as fetched: the exact bytes (never re-serialised), their digest and media type, and the parsed
 * descriptors: {@link #manifests()} for an index or list, {@link #config()} and {@link #layers()} for an image.
 */
public record Manifest(byte[] raw, Digest digest, String mediaType, List<Descriptor> manifests, Descriptor config,
    List<Descriptor> layers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /** Parses manifest bytes; {@code contentType} comes from the response and wins over the {@code mediaType} field. */
  public static Manifest parse(byte[] raw, String contentType, String where) throws RegistryException {
    JsonNode root;
    try {
      root = JSON.readTree(raw);
    } catch (IOException e) {
      throw new RegistryException(Reason.PROTOCOL, where + ": manifest is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new RegistryException(Reason.PROTOCOL, where + ": manifest is not a JSON object");
    }
    String declared = text(root, "mediaType");
    String type = MediaTypes.bare(contentType);
    if (type == null || type.isEmpty() || type.equals("application/json") || type.equals("text/plain")
        || type.equals("application/octet-stream")) {
      type = declared;
    }
    if (MediaTypes.isSchema1(type) || (root.path("schemaVersion").asInt() == 1)) {
      throw new RegistryException(Reason.UNSUPPORTED_MANIFEST, where + ": legacy schema 1 manifests are not supported");
    }
    if (type == null) {
      type = root.has("manifests") ? MediaTypes.OCI_INDEX : root.has("layers") ? MediaTypes.OCI_MANIFEST : null;
    }
    if (type == null || !(MediaTypes.isIndex(type) || MediaTypes.isImage(type))) {
      throw new RegistryException(Reason.UNSUPPORTED_MANIFEST, where + ": media type " + type + " is not supported");
    }
    Digest digest = Digest.of(raw);
    try {
      if (MediaTypes.isIndex(type)) {
        return new Manifest(raw, digest, type, descriptors(root.path("manifests"), true), null, List.of());
      }
      JsonNode config = root.get("config");
      if (config == null || !config.isObject()) {
        throw new RegistryException(Reason.PROTOCOL, where + ": image manifest without config");
      }
      return new Manifest(raw, digest, type, List.of(), descriptor(config, false), descriptors(root.path("layers"), false));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(Reason.PROTOCOL, where + ": invalid descriptor: " + e.getMessage());
    }
  }

  private static List<Descriptor> descriptors(JsonNode array, boolean withPlatform) {
    List<Descriptor> result = new ArrayList<>();
    if (array.isArray()) {
      for (JsonNode node : array) {
        result.add(descriptor(node, withPlatform));
      }
    }
    return List.copyOf(result);
  }

  private static Descriptor descriptor(JsonNode node, boolean withPlatform) {
    Digest digest = Digest.parse(text(node, "digest"));
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
      throw new IllegalArgumentException("descriptor " + digest + " has no valid size");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    JsonNode a = node.get("annotations");
    if (a != null && a.isObject()) {
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        annotations.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode platform = withPlatform ? node.get("platform") : null;
    return new Descriptor(text(node, "mediaType"), digest, size.asLong(),
        platform == null ? null : text(platform, "os"),
        platform == null ? null : text(platform, "architecture"),
        platform == null ? null : text(platform, "variant"),
        annotations, text(node, "artifactType"));
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public String toString() {
    return "Manifest[" + mediaType + " " + digest + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && m.digest.equals(digest) && m.mediaType.equals(mediaType);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }
}
