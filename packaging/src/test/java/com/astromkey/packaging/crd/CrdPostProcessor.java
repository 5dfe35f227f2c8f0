package com.astromkey.packaging.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Build-time step: turns the CRD that fabric8's generator writes from the domain classes into the checked-in
 * {@code astromkey.com_dynakubes.yaml}, adding what the generator cannot express (api-dynakube-v1beta5.md §1).
 */
public final class CrdPostProcessor {
  public static final String GENERATED_RESOURCE = "META-INF/fabric8/dynakubes.astromkey.com-v1.yml";
  static final String HEADER = "# DynaKube CRD (astromkey.com/v1beta5). Generated from the domain model classes by CrdPostProcessor;\n"
      + "# do not edit. Regenerate with: mvn -B -pl domain,packaging -am test -Dak.crd.update=true\n";
  private static final List<String> COLUMN_ORDER = List.of("ApiUrl", "Status", "Age");
  private static final List<String> HOST_MODES = List.of("classicFullStack", "cloudNativeFullStack", "cloudNativeFullstack", "hostMonitoring");
  private static final List<String> LATER_SECTIONS = List.of("metadataEnrichment", "logMonitoring", "kspm", "extensions", "telemetryIngest", "templates");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private CrdPostProcessor() {}

  /** The final CRD text for the generator output found on the class path (the domain jar). */
  public static String fromClassPath() throws IOException {
    try (InputStream in = CrdPostProcessor.class.getClassLoader().getResourceAsStream(GENERATED_RESOURCE)) {
      if (in == null) {
        throw new IOException(GENERATED_RESOURCE + " is not on the class path; build the domain module first");
      }
      return process(YAML.readTree(in));
    }
  }

  static String process(JsonNode generated) throws IOException {
    ObjectNode crd = generated.deepCopy();
    ObjectNode spec = (ObjectNode) crd.get("spec");
    for (JsonNode version : spec.withArray("versions")) {
      orderPrinterColumns((ObjectNode) version);
      ObjectNode dkSpec = (ObjectNode) version.at("/schema/openAPIV3Schema/properties/spec/properties");
      ObjectNode oneAgent = (ObjectNode) dkSpec.at("/oneAgent/properties");
      for (String mode : HOST_MODES) {
        JsonNode args = oneAgent.at("/" + mode + "/properties/args");
        if (args.isObject()) {
          ((ObjectNode) args).put("x-kubernetes-list-type", "set");
        }
      }
      for (String later : LATER_SECTIONS) {
        JsonNode section = dkSpec.get(later);
        if (section != null && section.isObject()) {
          ((ObjectNode) section).put("type", "object");
        }
      }
    }
    // v1beta5 is the only version: nothing to convert, and no conversion webhook to run
    spec.putObject("conversion").put("strategy", "None");
    return HEADER + YAML.writeValueAsString(crd);
  }

  private static void orderPrinterColumns(ObjectNode version) {
    ArrayNode columns = (ArrayNode) version.get("additionalPrinterColumns");
    List<JsonNode> ordered = new ArrayList<>();
    for (String name : COLUMN_ORDER) {
      for (JsonNode c : columns) {
        if (name.equals(c.path("name").asText())) {
          ObjectNode copy = c.deepCopy();
          copy.remove("description");
          ordered.add(copy);
        }
      }
    }
    if (ordered.size() != columns.size()) {
      throw new IllegalStateException("unexpected printer columns " + columns + "; expected " + COLUMN_ORDER);
    }
    columns.removeAll();
    columns.addAll(ordered);
  }

  /** Parses the final CRD back, for tests that look inside it. */
  public static Map<String, Object> parse(String crdYaml) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = YAML.readValue(crdYaml, Map.class);
    return map;
  }

  static JsonNode tree(String crdYaml) throws IOException {
    return YAML.readTree(crdYaml);
  }
}
