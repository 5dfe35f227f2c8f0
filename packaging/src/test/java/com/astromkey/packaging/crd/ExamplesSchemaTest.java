package com.astromkey.packaging.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example DynaKube validates against the CRD's openAPIV3Schema, checked as an API server would prune and type-check it
 * (no API server is available here, so the schema is turned into a strict JSON schema: unknown fields are errors).
 */
class ExamplesSchemaTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    JsonNode openApi = CrdPostProcessor.tree(CrdPostProcessor.fromClassPath()).at("/spec/versions/0/schema/openAPIV3Schema");
    ObjectNode root = (ObjectNode) strict(openApi.deepCopy());
    // the API server itself defines these on every object; the CRD schema leaves them out
    ObjectNode implicit = (ObjectNode) root.get("properties");
    implicit.putObject("apiVersion").put("type", "string");
    implicit.putObject("kind").put("type", "string");
    implicit.putObject("metadata").put("type", "object");
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(JSON.writeValueAsString(root), InputFormat.JSON);
  }

  /** What a structural schema means on an API server: fields not in the schema are pruned, i.e. never take effect. */
  static JsonNode strict(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      if (o.has("properties") && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean() && !o.has("additionalProperties")) {
        o.put("additionalProperties", false);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        strict(it.next().getValue());
      }
    } else if (node.isArray()) {
      node.forEach(ExamplesSchemaTest::strict);
    }
    return node;
  }

  static Stream<Path> examples() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : new Path[] {Path.of("../docs/examples"), Path.of("../domain/src/test/resources/validation")}) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
      }
    }
    return files.stream();
  }

  @Test
  void theCustomerExamplesAreThere() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains("dynakube-cloudnative-private-registry.yaml", "dynakube-appmonitoring-private-registry.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleMatchesTheCrdSchema(Path file) throws IOException {
    for (JsonNode doc : YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
      if (!"DynaKube".equals(doc.path("kind").asText())) {
        continue; // validation fixtures also carry the cluster objects a rule looks at
      }
      List<Error> errors = schema.validate(JSON.writeValueAsString(doc), InputFormat.JSON);
      assertThat(errors).as(file + " against the CRD schema").isEmpty();
    }
  }

  @Test
  void theStrictSchemaRejectsAnUnknownFieldAndAWrongType() throws IOException {
    String unknown = "{\"apiVersion\":\"astromkey.com/v1beta5\",\"kind\":\"DynaKube\",\"metadata\":{\"name\":\"x\"},"
        + "\"spec\":{\"apiUrl\":\"https://a.b/api\",\"oneAgent\":{\"cloudNativeFullStack\":{\"imag\":\"x\"}}}}";
    assertThat(schema.validate(unknown, InputFormat.JSON)).extracting(Error::getMessage).anyMatch(m -> m.contains("imag"));
    String wrongType = "{\"spec\":{\"apiUrl\":\"https://a.b/api\",\"astromkeyApiRequestThreshold\":\"often\"}}";
    assertThat(schema.validate(wrongType, InputFormat.JSON)).isNotEmpty();
    String missingApiUrl = "{\"spec\":{}}";
    assertThat(schema.validate(missingApiUrl, InputFormat.JSON)).extracting(Error::getMessage).anyMatch(m -> m.contains("apiUrl"));
  }
}
