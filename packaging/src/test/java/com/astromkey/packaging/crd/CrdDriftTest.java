package com.astromkey.packaging.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checked-in CRD equals what the build generates from the domain classes, and has the shape the API document promises. */
class CrdDriftTest {
  static final Path CHECKED_IN = Path.of("src/main/crd/astromkey.com_dynakubes.yaml");
  static String generated;

  @BeforeAll
  static void generate() throws Exception {
    generated = CrdPostProcessor.fromClassPath();
    if (Boolean.getBoolean("ak.crd.update")) {
      Files.writeString(CHECKED_IN, generated, StandardCharsets.UTF_8);
    }
  }

  @Test
  void checkedInCrdMatchesTheModel() throws Exception {
    assertThat(CHECKED_IN).exists();
    assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
        .as("%s is out of date: regenerate it with 'mvn -B -pl domain,packaging -am test -Dak.crd.update=true'", CHECKED_IN)
        .isEqualTo(generated);
  }

  @Test
  void namesScopeAndSubresources() throws Exception {
    JsonNode crd = CrdPostProcessor.tree(generated);
    assertThat(crd.at("/metadata/name").asText()).isEqualTo("dynakubes.astromkey.com");
    assertThat(crd.at("/spec/group").asText()).isEqualTo("astromkey.com");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("DynaKube");
    assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("dynakubes");
    assertThat(crd.at("/spec/names/singular").asText()).isEqualTo("dynakube");
    assertThat(crd.at("/spec/names/shortNames").toString()).isEqualTo("[\"dk\",\"dks\"]");
    assertThat(crd.at("/spec/names/categories").toString()).isEqualTo("[\"astromkey\"]");
    assertThat(crd.at("/spec/conversion/strategy").asText()).isEqualTo("None");
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(crd.at("/spec/versions").size()).isEqualTo(1);
    assertThat(version.path("name").asText()).isEqualTo("v1beta5");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.at("/subresources/status").isObject()).isTrue();
  }

  @Test
  void printerColumnsInDocumentedOrder() throws Exception {
    JsonNode columns = CrdPostProcessor.tree(generated).at("/spec/versions/0/additionalPrinterColumns");
    assertThat(columns.size()).isEqualTo(3);
    assertThat(columns.get(0).path("name").asText()).isEqualTo("ApiUrl");
    assertThat(columns.get(0).path("jsonPath").asText()).isEqualTo(".spec.apiUrl");
    assertThat(columns.get(0).path("type").asText()).isEqualTo("string");
    assertThat(columns.get(1).path("name").asText()).isEqualTo("Status");
    assertThat(columns.get(1).path("jsonPath").asText()).isEqualTo(".status.phase");
    assertThat(columns.get(2).path("name").asText()).isEqualTo("Age");
    assertThat(columns.get(2).path("jsonPath").asText()).isEqualTo(".metadata.creationTimestamp");
    assertThat(columns.get(2).path("type").asText()).isEqualTo("date");
  }

  @Test
  void schemaChecksOfTheApiDocument() throws Exception {
    JsonNode spec = CrdPostProcessor.tree(generated).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    assertThat(spec.path("required").toString()).isEqualTo("[\"apiUrl\"]");
    assertThat(spec.at("/properties/apiUrl/maxLength").asInt()).isEqualTo(128);
    JsonNode oneAgent = spec.at("/properties/oneAgent/properties");
    for (String mode : new String[] {"classicFullStack", "cloudNativeFullStack", "cloudNativeFullstack", "hostMonitoring"}) {
      assertThat(oneAgent.at("/" + mode + "/properties/args/x-kubernetes-list-type").asText()).as(mode).isEqualTo("set");
    }
    assertThat(oneAgent.get("cloudNativeFullstack")).as("the alias has the schema of cloudNativeFullStack")
        .isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) oneAgent.get("cloudNativeFullStack").deepCopy())
            .put("description", oneAgent.at("/cloudNativeFullstack/description").asText()));
    for (String later : new String[] {"metadataEnrichment", "logMonitoring", "kspm", "extensions", "telemetryIngest", "templates"}) {
      assertThat(spec.at("/properties/" + later + "/type").asText()).as(later).isEqualTo("object");
      assertThat(spec.at("/properties/" + later + "/x-kubernetes-preserve-unknown-fields").asBoolean()).as(later).isTrue();
    }
    assertThat(spec.at("/properties/enableIstio/type").asText()).isEqualTo("boolean");
  }
}
