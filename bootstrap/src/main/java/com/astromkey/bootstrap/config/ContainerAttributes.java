package com.astromkey.bootstrap.config;

import com.astromkey.bootstrap.outcome.BootstrapException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;

/** One {@code --attribute-container} JSON (webhook.md §4.2): the injected container and its image parts. */
public record ContainerAttributes(String name, String registry, String repository, String tags, String digest) {
  public static final String NAME = "k8s.container.name";
  public static final String REGISTRY = "container_image.registry";
  public static final String REPOSITORY = "container_image.repository";
  public static final String TAGS = "container_image.tags";
  public static final String DIGEST = "container_image.digest";

  private static final ObjectMapper JSON = new ObjectMapper();
  // a Kubernetes container name is a DNS label; it becomes a directory name in the config volume, so nothing else passes
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ContainerAttributes {
    registry = registry == null ? "" : registry;
    repository = repository == null ? "" : repository;
    tags = tags == null ? "" : tags;
    digest = digest == null ? "" : digest;
  }

  public static ContainerAttributes parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw BootstrapException.invalidFlags("--attribute-container is not valid JSON: " + json);
    }
    if (node == null || !node.isObject()) {
      throw BootstrapException.invalidFlags("--attribute-container must be a JSON object: " + json);
    }
    String name = text(node, NAME);
    if (name.isEmpty()) {
      throw BootstrapException.invalidFlags("--attribute-container lacks " + NAME + ": " + json);
    }
    if (!DNS_LABEL.matcher(name).matches()) {
      throw BootstrapException.invalidFlags("--attribute-container " + NAME + " '" + name + "' is not a container name");
    }
    return new ContainerAttributes(name, text(node, REGISTRY), text(node, REPOSITORY), text(node, TAGS),
        text(node, DIGEST));
  }

  /** {@code registry/repository[:tag][@digest]}; empty when the repository is unknown. */
  public String imageName() {
    if (repository.isEmpty()) {
      return "";
    }
    StringBuilder image = new StringBuilder();
    if (!registry.isEmpty()) {
      image.append(registry).append('/');
    }
    image.append(repository);
    if (!tags.isEmpty()) {
      image.append(':').append(tags);
    }
    if (!digest.isEmpty()) {
      image.append('@').append(digest);
    }
    return image.toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isValueNode()) {
      throw BootstrapException.invalidFlags("--attribute-container field " + field + " must be a string");
    }
    return value.asText().strip();
  }
}
