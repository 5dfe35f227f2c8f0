package com.astromkey.packaging.chart;

import com.astromkey.packaging.PackagingDir;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Build-time step: generates the checked-in plain manifests {@code kubernetes.yaml} and {@code kubernetes-csi.yaml} from the
 * chart with {@code helm template} ({@code manifests=true}), in a deterministic order: by kind, then by name.
 */
public final class PlainManifests {
  public static final Path DIR = PackagingDir.resolve("src/main/manifests");
  public static final Path WITHOUT_CSI = DIR.resolve("kubernetes.yaml");
  public static final Path WITH_CSI = DIR.resolve("kubernetes-csi.yaml");

  /** Apply order: definitions and identities first, then what uses them, the webhook configurations last. */
  static final List<String> KIND_ORDER = List.of(
      "CustomResourceDefinition", "PriorityClass", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
      "ConfigMap", "Service", "CSIDriver", "Deployment", "PodDisruptionBudget", "DaemonSet",
      "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  /** One rendered document with the keys it is sorted by. */
  private record Doc(String kind, String name, String text) {}

  private PlainManifests() {}

  public static String generate(boolean csi) {
    return fromRender(csi, ChartRenders.result(values(csi)));
  }

  /** The same from a helm run of its own (not the JVM-wide render cache), to compare two generations byte for byte. */
  public static String generateAgain(boolean csi) {
    return fromRender(csi, ChartRenders.uncached(values(csi)));
  }

  private static String[] values(boolean csi) {
    return new String[] {"manifests=true", "csidriver.enabled=" + csi};
  }

  /**
   * The kind/name of the objects only in the CSI manifest; fails when an object of both differs by more than the
   * {@code csiDriver} flag of {@code AK_MODULES_JSON}.
   */
  public static List<String> csiOnlyObjects(Rendered without, Rendered with) {
    List<String> csiOnly = new ArrayList<>();
    for (JsonNode o : with.objects()) {
      String kind = o.path("kind").asText();
      String name = o.at("/metadata/name").asText();
      var other = without.find(kind, name);
      if (other.isEmpty()) {
        csiOnly.add(kind + "/" + name);
        continue;
      }
      String flagFlipped = o.toString().replace("\\\"csiDriver\\\":true", "\\\"csiDriver\\\":false");
      if (!other.get().toString().equals(flagFlipped)) {
        throw new AssertionError(kind + "/" + name + " differs by more than AK_MODULES_JSON:\n" + other.get() + "\n" + o);
      }
    }
    if (with.objects().size() != without.objects().size() + csiOnly.size()) {
      throw new AssertionError("objects only in the manifest without CSI: " + without.objects().size() + " + " + csiOnly
          + " != " + with.objects().size());
    }
    return csiOnly;
  }

  private static String fromRender(boolean csi, Helm.Result result) {
    if (!result.ok()) {
      throw new IllegalStateException("helm template failed: " + result.stderr());
    }
    List<Doc> docs = new ArrayList<>();
    for (String part : result.stdout().split("(?m)^---\\s*$")) {
      StringBuilder text = new StringBuilder();
      for (String line : part.split("\n")) {
        // "# Source: <template>" says where a document came from in the chart: noise for someone applying the file
        if (!line.startsWith("# Source: ")) {
          text.append(line).append('\n');
        }
      }
      String doc = text.toString().strip();
      if (doc.isEmpty()) {
        continue;
      }
      JsonNode parsed = Rendered.parse(doc).get(0);
      String kind = parsed.path("kind").asText();
      if (!KIND_ORDER.contains(kind)) {
        throw new IllegalStateException("no place in the manifest order for kind " + kind + "; add it to KIND_ORDER");
      }
      docs.add(new Doc(kind, parsed.at("/metadata/name").asText(), doc + "\n"));
    }
    docs.sort(Comparator.comparingInt((Doc d) -> KIND_ORDER.indexOf(d.kind())).thenComparing(Doc::name));
    StringBuilder out = new StringBuilder(header(csi));
    docs.forEach(d -> out.append("---\n").append(d.text()));
    return out.toString();
  }

  private static String header(boolean csi) {
    String file = (csi ? WITH_CSI : WITHOUT_CSI).getFileName().toString();
    return "# astromkey-operator " + com.astromkey.launcher.Main.VERSION + " plain manifests"
        + (csi ? " with the CSI driver" : " without the CSI driver") + ", generated from the Helm chart with\n"
        + "#   helm template astromkey-operator <chart> -n astromkey --set manifests=true --set csidriver.enabled=" + csi + "\n"
        + "# Do not edit; regenerate with: mvn -B -pl domain,packaging -am test -Dak.crd.update=true\n"
        + "# Install: kubectl create namespace astromkey && kubectl apply --server-side -f " + file + "\n"
        + "# For a private registry prefer helm template with imageRef.* and customPullSecret; see README.md next to this file.\n";
  }
}
