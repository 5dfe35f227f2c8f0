package com.astromkey.webhook.pod;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code --attribute-container} JSON of one injected container (webhook.md §4.2), empty parts omitted. */
public final class ContainerImageAttributes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CACHED = 1024;
  // Pods of one workload repeat the same containers; parsing the image reference is the costly part of each admission's args.
  private static final Map<List<String>, String> CACHE = new ConcurrentHashMap<>();

  private ContainerImageAttributes() {}

  public static String json(String containerName, String image) {
    List<String> key = Arrays.asList(containerName, image);
    String cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    String json = build(containerName, image);
    if (CACHE.size() >= CACHED) {
      CACHE.clear();
    }
    CACHE.put(key, json);
    return json;
  }

  private static String build(String containerName, String image) {
    ObjectNode node = JSON.createObjectNode();
    node.put("k8s.container.name", containerName);
    if (image != null && !image.isBlank()) {
      try {
        ImageReference reference = ImageReference.parse(image.trim());
        put(node, "container_image.registry", reference.domain());
        put(node, "container_image.repository", reference.path());
        put(node, "container_image.tags", reference.tag());
        put(node, "container_image.digest", reference.digest());
      } catch (ImageReferenceException e) {
        // The attributes are informational; an image the kubelet may still resolve is no reason to skip injection.
      }
    }
    return node.toString();
  }

  private static void put(ObjectNode node, String key, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(key, value);
    }
  }
}
