package com.astromkey.operator.troubleshoot;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.oci.cli.CheckLine;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.signature.RegistryAccess;
import com.astromkey.operator.signature.SignatureKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One troubleshoot run (registry.md §12): cluster checks, then per DynaKube its own checks and its images; lines are
 * printed as they are produced so that a slow registry does not hide what is already known.
 */
final class Troubleshooter {
  private final KubernetesClient client;
  private final TroubleshootConfig config;
  private final PrintStream out;
  private CheckLine.Status worst = CheckLine.Status.PASS;

  Troubleshooter(KubernetesClient client, TroubleshootConfig config, PrintStream out) {
    this.client = client;
    this.config = config;
    this.out = out;
  }

  /** Runs every check and returns the worst status seen. */
  CheckLine.Status run() {
    ClusterChecks cluster = new ClusterChecks(client);
    CheckLine crd = print(cluster.crd());
    CheckLine namespace = print(cluster.namespace(config.namespace()));
    if (crd.status() == CheckLine.Status.FAIL || namespace.status() == CheckLine.Status.FAIL) {
      return worst;
    }
    List<DynaKube> dynaKubes = dynaKubes();
    if (dynaKubes.isEmpty()) {
      return worst;
    }
    ClusterChecks.NodeResult nodes = cluster.nodes();
    print(nodes.line());
    ObjectWriter kube = new ObjectWriter(client);
    DynaKubeChecks checks = new DynaKubeChecks(kube, config.operator());
    ImageChecks images = new ImageChecks(config.operator(), SignatureKeys.trustedKeys(
        kube.get(ConfigMap.class, config.namespace(), config.operator().signatureKeysConfigMap())));
    for (DynaKube dk : dynaKubes) {
      out.println();
      out.println("DynaKube " + config.namespace() + "/" + dk.getMetadata().getName() + ":");
      try {
        checkOne(dk, kube, checks, images, nodes);
      } catch (KubernetesClientException e) {
        // a Secret or ConfigMap the service account may not read: say so and go on with the next DynaKube
        print(CheckLine.fail("Kubernetes API", "reading the objects of " + dk.getMetadata().getName() + " failed ("
            + ClusterChecks.apiError(e) + ")", "run troubleshoot with the astromkey-operator service account"));
      }
    }
    return worst;
  }

  private void checkOne(DynaKube dk, ObjectWriter kube, DynaKubeChecks checks, ImageChecks images,
      ClusterChecks.NodeResult nodes) {
    List<CheckLine> lines = new ArrayList<>();
    RegistryAccess access;
    try {
      checks.validation(dk, lines);
      String proxyUrl = checks.proxyUrl(dk);
      String trustedPems = checks.trustedPems(dk);
      checks.transport(dk, trustedPems, proxyUrl, lines);
      checks.tokensAndTenant(dk, proxyUrl, trustedPems, nodes.platforms(), lines);
      access = RegistryAccess.of(dk, config.operator().helmPullSecret(), kube, trustedPems, proxyUrl);
      checks.pullSecrets(dk, access, lines);
    } finally {
      lines.forEach(this::print);
    }
    images.check(dk, access, nodes.platforms(), this::print);
  }

  private List<DynaKube> dynaKubes() {
    try {
      if (config.dynaKube() != null) {
        DynaKube dk = client.resources(DynaKube.class).inNamespace(config.namespace()).withName(config.dynaKube()).get();
        if (dk == null) {
          print(CheckLine.fail("DynaKube", config.dynaKube() + " not found in namespace " + config.namespace(),
              "kubectl -n " + config.namespace() + " get dynakubes lists the names"));
          return List.of();
        }
        print(CheckLine.pass("DynaKube", config.dynaKube() + " found"));
        return List.of(dk);
      }
      List<DynaKube> all = new ArrayList<>(client.resources(DynaKube.class).inNamespace(config.namespace()).list()
          .getItems());
      all.sort(Comparator.comparing(dk -> dk.getMetadata().getName()));
      if (all.isEmpty()) {
        print(CheckLine.fail("DynaKube", "none in namespace " + config.namespace(),
            "create a DynaKube (docs/examples/) or pass --namespace"));
      } else {
        print(CheckLine.pass("DynaKube", all.size() + " found: "
            + String.join(", ", all.stream().map(dk -> dk.getMetadata().getName()).toList())));
      }
      return all;
    } catch (KubernetesClientException e) {
      print(CheckLine.fail("DynaKube", "cannot read DynaKubes in " + config.namespace() + " (" + ClusterChecks.apiError(e) + ")",
          "run troubleshoot with the astromkey-operator service account or a KUBECONFIG that may read them"));
      return List.of();
    }
  }

  private CheckLine print(CheckLine line) {
    out.println(line.format());
    if (line.status().compareTo(worst) > 0) {
      worst = line.status();
    }
    return line;
  }
}
