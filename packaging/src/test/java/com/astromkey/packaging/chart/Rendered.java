package com.astromkey.packaging.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The objects of one chart render, with the look-ups the chart tests need (pod specs, containers, env). */
public final class Rendered {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> POD_OWNERS = Set.of("Deployment", "DaemonSet", "StatefulSet", "Job", "ReplicaSet");

  /** One container (or init container) and the workload whose pod spec holds it. */
  public record Container(String workloadKind, String workload, boolean init, JsonNode node) {
    public String name() {
      return node.path("name").asText();
    }

    public String image() {
      return node.path("image").asText();
    }

    /** The literal value of an env entry; empty when absent or when it comes from a reference. */
    public Optional<String> env(String name) {
      for (JsonNode e : node.path("env")) {
        if (name.equals(e.path("name").asText()) && e.has("value")) {
          return Optional.of(e.path("value").asText());
        }
      }
      return Optional.empty();
    }

    public boolean hasEnv(String name) {
      for (JsonNode e : node.path("env")) {
        if (name.equals(e.path("name").asText())) {
          return true;
        }
      }
      return false;
    }
  }

  private final String text;
  private final List<JsonNode> objects;

  public Rendered(String text) {
    this.text = text;
    this.objects = parse(text);
  }

  static List<JsonNode> parse(String yaml) {
    List<JsonNode> out = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject() && doc.size() > 0) {
          out.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("rendered chart is not YAML", e);
    }
    return List.copyOf(out);
  }

  public String text() {
    return text;
  }

  public List<JsonNode> objects() {
    return objects;
  }

  public List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  public Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst();
  }

  public JsonNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the render"));
  }

  /** Pod specs of every workload. */
  public List<JsonNode> podSpecs() {
    return objects.stream().filter(o -> POD_OWNERS.contains(o.path("kind").asText()))
        .map(o -> o.at("/spec/template/spec")).toList();
  }

  public List<Container> containers() {
    List<Container> out = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      if (!POD_OWNERS.contains(kind)) {
        continue;
      }
      String name = o.at("/metadata/name").asText();
      JsonNode spec = o.at("/spec/template/spec");
      spec.path("initContainers").forEach(c -> out.add(new Container(kind, name, true, c)));
      spec.path("containers").forEach(c -> out.add(new Container(kind, name, false, c)));
    }
    return out;
  }

  public Container container(String workload, String name) {
    return containers().stream().filter(c -> c.workload().equals(workload) && c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + workload));
  }

  /** Every value of a field with this name anywhere in the render (e.g. all {@code image} or {@code caBundle} fields). */
  public List<JsonNode> fieldsNamed(String field) {
    List<JsonNode> out = new ArrayList<>();
    objects.forEach(o -> walk(o, n -> {
      if (n.isObject() && n.has(field)) {
        out.add(n.get(field));
      }
    }));
    return out;
  }

  private static void walk(JsonNode node, Consumer<JsonNode> visitor) {
    visitor.accept(node);
    if (node.isContainerNode()) {
      node.forEach(child -> walk(child, visitor));
    }
  }

  /** A copy of the object with metadata labels and annotations removed, to compare content only. */
  public static JsonNode withoutLabelsAndAnnotations(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    ObjectNode metadata = (ObjectNode) copy.get("metadata");
    metadata.remove("labels");
    metadata.remove("annotations");
    return copy;
  }
}
