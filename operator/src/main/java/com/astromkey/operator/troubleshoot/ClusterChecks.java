package com.astromkey.operator.troubleshoot;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.oci.Platform;
import com.astromkey.oci.cli.CheckLine;
import com.astromkey.oci.cli.ImageTroubleshooter.NodePlatforms;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The cluster-wide checks of troubleshoot (registry.md §12): CRD and namespace, and the platforms the nodes need. */
final class ClusterChecks {
  private final KubernetesClient client;

  ClusterChecks(KubernetesClient client) {
    this.client = client;
  }

  /** The CRD serves v1beta5. */
  CheckLine crd() {
    String name = HasMetadata.getFullResourceName(DynaKube.class);
    CustomResourceDefinition crd;
    try {
      crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    } catch (KubernetesClientException e) {
      return CheckLine.warn("CRD", "cannot read CRD " + name + " (" + apiError(e) + ")",
          "allow get on customresourcedefinitions, or check with: kubectl get crd " + name);
    }
    if (crd == null) {
      return CheckLine.fail("CRD", name + " is not installed", "install or upgrade the astromkey-operator chart (it installs the CRD)");
    }
    List<String> served = crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed()))
        .map(CustomResourceDefinitionVersion::getName).toList();
    if (!served.contains(DynaKube.VERSION)) {
      return CheckLine.fail("CRD", name + " serves " + served + " but not " + DynaKube.VERSION,
          "upgrade the chart so that its CRD serves " + DynaKube.VERSION);
    }
    return CheckLine.pass("CRD", name + " serves " + DynaKube.VERSION);
  }

  CheckLine namespace(String namespace) {
    try {
      if (client.namespaces().withName(namespace).get() == null) {
        return CheckLine.fail("namespace", namespace + " does not exist",
            "install the chart into it, or pass --namespace <the operator's namespace>");
      }
      return CheckLine.pass("namespace", namespace + " exists");
    } catch (KubernetesClientException e) {
      return CheckLine.fail("namespace", "cannot read namespace " + namespace + " (" + apiError(e) + ")",
          "run troubleshoot with the astromkey-operator service account or a KUBECONFIG that may read it");
    }
  }

  /** Platforms from the {@code kubernetes.io/os|arch} labels of all nodes; amd64 and arm64 when nodes cannot be listed. */
  NodeResult nodes() {
    List<Node> nodes;
    try {
      nodes = client.nodes().list().getItems();
    } catch (KubernetesClientException e) {
      return new NodeResult(NodePlatforms.fallback(), CheckLine.warn("nodes", "cannot list nodes (" + apiError(e)
          + "); assuming linux/amd64 and linux/arm64", "allow the service account to list nodes"));
    }
    Set<Platform> platforms = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    int unlabelled = 0;
    for (Node node : nodes) {
      Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
      String os = labels.get(Labels.KUBERNETES_OS);
      String arch = labels.get(Labels.KUBERNETES_ARCH);
      if (os == null || arch == null) {
        unlabelled++;
        continue;
      }
      platforms.add(Platform.parse(os + "/" + arch));
    }
    if (platforms.isEmpty()) {
      return new NodeResult(NodePlatforms.fallback(), CheckLine.warn("nodes", nodes.size() + " nodes, none labelled "
          + Labels.KUBERNETES_OS + "/" + Labels.KUBERNETES_ARCH + "; assuming linux/amd64 and linux/arm64",
          "check the node labels (the kubelet sets them)"));
    }
    String detail = nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + " need "
        + platforms.stream().map(p -> p.os() + "/" + p.architecture()).collect(Collectors.joining(", "))
        + (unlabelled > 0 ? " (" + unlabelled + " without os/arch labels)" : "");
    return new NodeResult(new NodePlatforms(Set.copyOf(platforms), true),
        unlabelled > 0 ? CheckLine.warn("nodes", detail, "check the node labels (the kubelet sets them)")
            : CheckLine.pass("nodes", detail));
  }

  /** HTTP status when the API server answered; no exception text, which may be long and carry the server URL. */
  static String apiError(KubernetesClientException e) {
    return e.getCode() > 0 ? "HTTP " + e.getCode() : "API server not reachable";
  }

  /** The platforms to check images against and the line that says where they came from. */
  record NodeResult(NodePlatforms platforms, CheckLine line) {}
}
