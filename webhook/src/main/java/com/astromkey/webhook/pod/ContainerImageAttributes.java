package com.astromkey.webhook.pod;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code --attribute-container} JSON of one injected container (webhook.md §4.2), empty parts omitted. */
public final class ContainerImageAttributes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContainerImageAttributes() {}

  public static String json(String containerName, String image) {
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
