package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.packaging.crd.CrdPostProcessor;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's CRD template and the plain manifests are generated and checked in; this test regenerates them and fails on any
 * difference ({@code -Dak.crd.update=true} rewrites them, in dependency order: CRD copy first, then the manifests).
 */
class GeneratedFilesDriftTest {
  static final Path CRD = Path.of("src/main/crd/astromkey.com_dynakubes.yaml");
  static final String REGENERATE = "regenerate with 'mvn -B -pl domain,packaging -am test -Dak.crd.update=true'";
  static String chartCrd;
  static String withoutCsi;
  static String withCsi;

  @BeforeAll
  static void generate() throws Exception {
    Helm.require();
    boolean update = Boolean.getBoolean("ak.crd.update");
    // from the fresh generation, not the checked-in file, so one update run refreshes all generated files
    chartCrd = ChartCrd.template(CrdPostProcessor.fromClassPath());
    if (update) {
      Files.writeString(ChartCrd.TEMPLATE, chartCrd, StandardCharsets.UTF_8);
    }
    withoutCsi = PlainManifests.generate(false);
    withCsi = PlainManifests.generate(true);
    if (update) {
      Files.createDirectories(PlainManifests.DIR);
      Files.writeString(PlainManifests.WITHOUT_CSI, withoutCsi, StandardCharsets.UTF_8);
      Files.writeString(PlainManifests.WITH_CSI, withCsi, StandardCharsets.UTF_8);
    }
  }

  @Test
  void chartCrdTemplateIsUpToDate() throws Exception {
    assertThat(Files.readString(ChartCrd.TEMPLATE, StandardCharsets.UTF_8)).as("%s: %s", ChartCrd.TEMPLATE, REGENERATE)
        .isEqualTo(chartCrd);
  }

  @Test
  void plainManifestsAreUpToDate() throws Exception {
    assertThat(Files.readString(PlainManifests.WITHOUT_CSI, StandardCharsets.UTF_8)).as("%s: %s", PlainManifests.WITHOUT_CSI, REGENERATE)
        .isEqualTo(withoutCsi);
    assertThat(Files.readString(PlainManifests.WITH_CSI, StandardCharsets.UTF_8)).as("%s: %s", PlainManifests.WITH_CSI, REGENERATE)
        .isEqualTo(withCsi);
  }

  @Test
  void renderedCrdEqualsTheCheckedInCrd() throws Exception {
    JsonNode checkedIn = Rendered.parse(Files.readString(CRD, StandardCharsets.UTF_8)).get(0);
    JsonNode rendered = ChartRenders.render().get("CustomResourceDefinition", "dynakubes.astromkey.com");
    assertThat(Rendered.withoutLabelsAndAnnotations(rendered)).isEqualTo(checkedIn);
    assertThat(rendered.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
    for (Path manifest : List.of(PlainManifests.WITHOUT_CSI, PlainManifests.WITH_CSI)) {
      JsonNode inManifest = new Rendered(Files.readString(manifest, StandardCharsets.UTF_8))
          .get("CustomResourceDefinition", "dynakubes.astromkey.com");
      assertThat(Rendered.withoutLabelsAndAnnotations(inManifest)).as(manifest.toString()).isEqualTo(checkedIn);
    }
    assertThat(ChartRenders.render("installCRD=false").find("CustomResourceDefinition", "dynakubes.astromkey.com")).isEmpty();
  }

  @Test
  void manifestsCarryNoHelmMetadataAndAnExplicitNamespace() {
    for (String text : List.of(withoutCsi, withCsi)) {
      assertThat(text).doesNotContain("helm.sh/", "app.kubernetes.io/managed-by", "app.kubernetes.io/instance", "# Source:");
      Rendered manifest = new Rendered(text);
      for (JsonNode o : manifest.objects()) {
        String kind = o.path("kind").asText();
        boolean clusterScoped = List.of("CustomResourceDefinition", "PriorityClass", "ClusterRole", "ClusterRoleBinding", "CSIDriver",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration").contains(kind);
        assertThat(o.at("/metadata/namespace").asText()).as(kind + " " + o.at("/metadata/name").asText())
            .isEqualTo(clusterScoped ? "" : "astromkey");
      }
      assertThat(manifest.ofKind("Namespace")).isEmpty();
    }
  }

  @Test
  void manifestsAreOrderedByKindThenName() {
    for (String text : List.of(withoutCsi, withCsi)) {
      List<String> keys = new ArrayList<>();
      for (JsonNode o : new Rendered(text).objects()) {
        keys.add(String.format("%02d %s", PlainManifests.KIND_ORDER.indexOf(o.path("kind").asText()), o.at("/metadata/name").asText()));
      }
      assertThat(keys).isSorted().doesNotHaveDuplicates();
      assertThat(keys.get(0)).isEqualTo("00 dynakubes.astromkey.com");
    }
  }

  @Test
  void manifestsDifferOnlyByTheCsiObjectsAndModulesJson() {
    List<String> csiOnly = PlainManifests.csiOnlyObjects(new Rendered(withoutCsi), new Rendered(withCsi));
    assertThat(csiOnly).containsExactlyInAnyOrder("PriorityClass/astromkey-high-priority", "ServiceAccount/astromkey-csi-driver",
        "ClusterRole/astromkey-csi-driver", "ClusterRoleBinding/astromkey-csi-driver", "Role/astromkey-csi-driver",
        "RoleBinding/astromkey-csi-driver", "CSIDriver/csi.oneagent.astromkey.com", "DaemonSet/astromkey-csi-driver");
    assertThat(withCsi).contains("{\\\"csiDriver\\\":true,");
    assertThat(withoutCsi).contains("{\\\"csiDriver\\\":false,");
  }
}
