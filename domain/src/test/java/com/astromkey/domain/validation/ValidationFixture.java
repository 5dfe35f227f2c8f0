package com.astromkey.domain.validation;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A scenario file under {@code validation/}: the first document is the DynaKube under test; a later DynaKube of the same
 * name is the stored object of an UPDATE; other DynaKubes, Namespaces and Secrets fill the cluster view; a
 * {@code kind: TestEnvironment} document sets {@code modulesJson} and {@code helmPullSecret}.
 */
record ValidationFixture(DynaKube dk, DynaKube oldDk, FakeClusterView view) {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static ValidationFixture load(String name) {
    String resource = "/validation/" + name + ".yaml";
    try (InputStream in = ValidationFixture.class.getResourceAsStream(resource)) {
      Objects.requireNonNull(in, () -> "missing fixture " + resource);
      DynaKube dk = null;
      DynaKube oldDk = null;
      FakeClusterView view = new FakeClusterView();
      try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(in)) {
        while (documents.hasNext()) {
          JsonNode document = documents.next();
          String kind = document.path("kind").asText();
          switch (kind) {
            case "DynaKube" -> {
              DynaKube parsed = YAML.treeToValue(document, DynaKube.class);
              if (dk == null) {
                dk = parsed;
              } else if (parsed.getMetadata().getName().equals(dk.getMetadata().getName())) {
                oldDk = parsed;
              } else {
                view.dynaKubes.add(parsed);
              }
            }
            case "Namespace" -> view.namespaces.add(YAML.treeToValue(document, Namespace.class));
            case "Secret" -> view.secrets.add(YAML.treeToValue(document, Secret.class));
            case "TestEnvironment" -> {
              view.modules = ModulesConfig.parse(document.path("modulesJson").asText(null));
              view.helmPullSecret = document.path("helmPullSecret").asText("");
            }
            default -> throw new IllegalArgumentException(resource + ": unexpected kind '" + kind + "'");
          }
        }
      }
      return new ValidationFixture(Objects.requireNonNull(dk, resource + " holds no DynaKube"), oldDk, view);
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  ValidationResult validate() {
    return new DynaKubeValidator().validate(dk, oldDk, view);
  }
}
