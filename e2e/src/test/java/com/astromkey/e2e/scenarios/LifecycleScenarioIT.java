package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Section 7 lifecycle scenarios of scenarios.md on the sandbox with the CSI driver. */
class LifecycleScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi();

  @Test
  void dynakube_deletion_cleanup() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    s.tokensSecret(DK);
    AdmissionCaller.Result<DynaKube> admitted = flow.apply(s.dynaKube("dynakube-cloudnative-private-registry"));
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    CsiNode csi = s.csi().orElseThrow();
    E2eSandbox.await("the provisioner's link for " + DK, CustomerFlow.PATIENCE, () -> linked(csi));
    E2eSandbox.await("the DaemonSet and StatefulSet", CustomerFlow.PATIENCE,
        () -> client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get() != null
            && client.apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-activegate").get() != null);
    DynaKube stored = client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
    assertThat(stored.getMetadata().getFinalizers()).contains(ObjectNames.DYNAKUBE_FINALIZER);
    // the mock server does not collect garbage: ownership is asserted through the references
    List<HasMetadata> owned = List.of(
        client.apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get(),
        client.apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-activegate").get(),
        client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-pull-secret").get());
    for (HasMetadata object : owned) {
      assertThat(object.getMetadata().getOwnerReferences()).as(object.getKind() + " " + object.getMetadata().getName())
          .extracting(OwnerReference::getUid).contains(stored.getMetadata().getUid());
    }

    client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).delete();

    E2eSandbox.await("the cleaner to drop the finalizer", CustomerFlow.PATIENCE,
        () -> client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get() == null);
    assertThat(client.namespaces().withName(APP_NAMESPACE).get().getMetadata().getLabels())
        .doesNotContainKey(Labels.DYNAKUBE_INSTANCE);
    assertThat(client.secrets().inNamespace(APP_NAMESPACE).list().getItems())
        .noneMatch(secret -> secret.getMetadata().getName().equals(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET)
            || secret.getMetadata().getName().equals(ObjectNames.BOOTSTRAPPER_CERTS_SECRET)
            || secret.getMetadata().getName().equals(ObjectNames.INJECTION_PULL_SECRET));
    E2eSandbox.await("the provisioner to unlink " + DK, CustomerFlow.PATIENCE, () -> !linked(csi));
  }

  private static boolean linked(CsiNode csi) {
    try {
      return csi.cache().latest(DK).isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
