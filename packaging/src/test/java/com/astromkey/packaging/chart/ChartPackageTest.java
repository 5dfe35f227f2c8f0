package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.launcher.Main;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chart metadata, helm lint, values defaults and the NOTES shown after install. */
class ChartPackageTest {

  @Test
  void chartVersionIsTheProjectVersion() throws IOException {
    JsonNode chart = Rendered.parse(Files.readString(Helm.CHART_DIR.resolve("Chart.yaml"))).get(0);
    assertThat(chart.path("name").asText()).isEqualTo("astromkey-operator");
    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("version").asText()).isEqualTo(Main.VERSION);
    assertThat(chart.path("appVersion").asText()).isEqualTo(Main.VERSION);
    assertThat(chart.at("/annotations/astromkey.com~1default-repository").asText())
        .isEqualTo("registry.astromkey.com/astromkey/astromkey-operator");
  }

  @Test
  void lintIsClean() {
    Helm.Result lint = Helm.require().run(List.of("lint", "--strict", Helm.CHART_DIR.toString()));
    assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
    assertThat(lint.stdout()).contains("0 chart(s) failed");
  }

  @Test
  void packagesAsVersionedArchive(@TempDir Path out) throws IOException {
    Helm.Result pack = Helm.require().run(List.of("package", Helm.CHART_DIR.toString(), "--destination", out.toString()));
    assertThat(pack.exitCode()).as(pack.stderr()).isZero();
    Path archive = out.resolve("astromkey-operator-" + Main.VERSION + ".tgz");
    assertThat(archive).exists();
    List<String> entries = new java.util.ArrayList<>();
    // the JDK reader: helm writes a gzip extra field that commons-compress rejects
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.util.zip.GZIPInputStream(Files.newInputStream(archive)))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertThat(entries).contains("astromkey-operator/Chart.yaml", "astromkey-operator/values.yaml",
        "astromkey-operator/templates/crd/astromkey.com_dynakubes.yaml", "astromkey-operator/templates/NOTES.txt",
        "astromkey-operator/templates/csi/daemonset.yaml", "astromkey-operator/README.md");
  }

  @Test
  void valuesSchemaRejectsValuesOutsideTheirSets() {
    assertThat(ChartRenders.failure("signatureVerification.mode=strict")).contains("signatureVerification.mode");
    assertThat(ChartRenders.failure("webhook.mutatingWebhook.failurePolicy=Block")).contains("webhook.mutatingWebhook.failurePolicy");
    assertThat(ChartRenders.failure("imageRef.pullPolicy=Sometimes")).contains("imageRef.pullPolicy");
    assertThat(ChartRenders.failure("webhook.replicas=0")).contains("webhook.replicas");
    assertThat(ChartRenders.render("signatureVerification.mode=warn").container("astromkey-operator", "operator")
        .env("AK_SIGNATURE_MODE")).contains("warn");
  }

  @Test
  void valuesDefaultsOfTheSpec() throws IOException {
    JsonNode values = Rendered.parse(Files.readString(Helm.CHART_DIR.resolve("values.yaml"))).get(0);
    assertThat(values.path("image").asText()).isEmpty();
    assertThat(values.at("/imageRef/repository").asText()).isEmpty();
    assertThat(values.path("customPullSecret").asText()).isEmpty();
    assertThat(values.path("installCRD").asBoolean()).isTrue();
    assertThat(values.path("manifests").asBoolean()).isFalse();
    assertThat(values.path("platform").asText()).isEqualTo("kubernetes");
    assertThat(values.at("/webhook/replicas").asInt()).isEqualTo(2);
    assertThat(values.at("/webhook/mutatingWebhook/failurePolicy").asText()).isEqualTo("Ignore");
    assertThat(values.at("/csidriver/kubeletPath").asText()).isEqualTo("/var/lib/kubelet");
    assertThat(values.at("/csidriver/maxParallelInstalls").asInt()).isEqualTo(2);
    assertThat(values.at("/csidriver/maxGrpcRequests").asInt()).isEqualTo(20);
    assertThat(values.at("/signatureVerification/mode").isTextual()).as("a bare 'off' would be a YAML boolean").isTrue();
    assertThat(values.at("/signatureVerification/mode").asText()).isEqualTo("off");
  }

  @Test
  void notesTellWhatToDoNextInHelm3Syntax(@TempDir Path tmp) throws IOException {
    // helm template never renders NOTES.txt, and helm install needs a cluster: render it through tpl in a copy of the chart
    Path chart = tmp.resolve("astromkey-operator");
    try (Stream<Path> files = Files.walk(Helm.CHART_DIR)) {
      for (Path p : files.toList()) {
        Path target = chart.resolve(Helm.CHART_DIR.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Files.copy(chart.resolve("templates/NOTES.txt"), chart.resolve("notes.txt"));
    Files.writeString(chart.resolve("templates/zz-notes.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: notes
        data:
          notes: {{ tpl (.Files.Get "notes.txt") . | quote }}
        """, StandardCharsets.UTF_8);
    Helm helm = Helm.require();
    Helm.Result result = helm.template(chart, "astromkey", List.of("--set", "customPullSecret=my-registry-secret",
        "--show-only", "templates/zz-notes.yaml"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    String notes = new Rendered(result.stdout()).get("ConfigMap", "notes").at("/data/notes").asText();
    assertThat(notes)
        .contains("registry.astromkey.com/astromkey/astromkey-operator:v" + Main.VERSION)
        .contains("my-registry-secret (must exist in astromkey")
        .contains("kubectl -n astromkey rollout status deploy/astromkey-webhook")
        .contains("kubectl apply -f dynakube.yaml")
        .contains("kubectl -n astromkey delete dk --all")
        .contains("helm uninstall astromkey-operator -n astromkey")
        .contains("helm upgrade astromkey-operator <chart> -n astromkey --reuse-values")
        // Helm 2 spellings must not come back
        .doesNotContain("--purge").doesNotContain("helm delete").doesNotContain("--name ");
    assertThat(notes.indexOf("rollout status")).as("wait for the webhook before applying a DynaKube")
        .isLessThan(notes.indexOf("kubectl apply"));
  }
}
