package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario appmonitoring-csi-missing-pull-secret: chart without a Helm pull secret, DynaKube without customPullSecret. */
class MissingPullSecretScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";
  private static final String RETRY_TIMEOUT = "2s";

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi().withoutHelmPullSecret();

  @Test
  void appmonitoring_csi_missing_pull_secret() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    CustomerFlow flow = new CustomerFlow(s);
    DynaKube dk = s.dynaKube("dynakube-appmonitoring-csi-missing-pull-secret");
    // the customer's way to shorten the volume's retryTimeout: the webhook copies the flag into the CSI volume attributes
    dk.getMetadata().setAnnotations(Map.of(FeatureFlag.MAX_CSI_MOUNT_TIMEOUT.key(), RETRY_TIMEOUT));
    s.tokensSecret(DK);
    s.registry().clearAccessLog();

    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    assertThat(admitted.warnings()).anySatisfy(w -> assertThat(w).startsWith("[AKW-002]").contains(s.registry().host()));

    E2eSandbox.await("a CodeModulesPullFailed event", CustomerFlow.PATIENCE, () -> client.v1().events()
        .inNamespace(E2eSandbox.NAMESPACE).list().getItems().stream()
        .anyMatch(e -> "CodeModulesPullFailed".equals(e.getReason()) && DK.equals(e.getInvolvedObject().getName())));
    assertThat(s.registry().accessLog()).filteredOn(e -> e.uri().contains("/astromkey-codemodules/"))
        .allSatisfy(e -> assertThat(e.status()).isEqualTo(401));
    assertThat(csi(s).cache().latest(DK)).isEmpty();
    assertThat(s.provisionerMetrics()).containsPattern("astromkey_csi_install_errors_total\\{reason=\"unauthorized\",?\\} [1-9]");

    // a pod while nothing is installed: UNAVAILABLE, then an empty volume once retryTimeout has passed, and a pod event
    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    Pod early = flow.createPod(APP_NAMESPACE, "app-early", "docker.io/library/nginx:1.27").object();
    assertThat(bin(early).getCsi().getVolumeAttributes()).containsEntry(CsiVolumeAttributes.RETRY_TIMEOUT, RETRY_TIMEOUT);
    long firstCall = System.nanoTime();
    StatusRuntimeException unavailable = Assertions.catchThrowableOfType(StatusRuntimeException.class,
        () -> csi(s).publishOnce(early, ObjectNames.VOLUME_ONEAGENT_BIN));
    assertThat(unavailable).as("first NodePublishVolume").isNotNull();
    assertThat(unavailable.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    CsiNode.Publication empty = csi(s).publish(early, ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(30));
    assertThat(Duration.ofNanos(System.nanoTime() - firstCall)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(empty.target()).isEmptyDirectory();
    E2eSandbox.await("a CodeModulesUnavailable event on the pod", CustomerFlow.PATIENCE, () -> client.v1().events()
        .inNamespace(APP_NAMESPACE).list().getItems().stream()
        .anyMatch(e -> CsiEventReasons.CODE_MODULES_UNAVAILABLE.equals(e.getReason())
            && "Pod".equals(e.getInvolvedObject().getKind()) && "app-early".equals(e.getInvolvedObject().getName())));

    // the fix the AKW-002 warning asks for: the Secret, then customPullSecret on the DynaKube
    s.createCustomPullSecret();
    DynaKube stored = client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
    DynaKube fixed = client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
    fixed.getSpec().setCustomPullSecret(E2eSandbox.CUSTOM_PULL_SECRET);
    AdmissionCaller.Result<DynaKube> update = s.admission().validateDynaKube(fixed, stored);
    assertThat(update.allowed()).as(update.message()).isTrue();
    assertThat(update.warnings()).noneMatch(w -> w.startsWith("[AKW-002]"));
    client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).resource(fixed).update();

    String key = "sha256-" + s.images().codeModules().image(PrivateRegistryScenarioIT.nodePlatform()).digest()
        .substring("sha256:".length());
    E2eSandbox.await("the install with the new secret", CustomerFlow.PATIENCE,
        () -> csiLatest(s).equals(java.util.Optional.of(key)));
    assertThat(s.registry().accessLog()).filteredOn(e -> e.uri().contains("/astromkey-codemodules/") && e.status() == 200)
        .isNotEmpty().allSatisfy(e -> assertThat(e.user()).isEqualTo(s.customer().name()));

    // a pod created after the fix gets the code modules; the early pod keeps its empty volume
    // the operator now replicates the injection pull secret, which the webhook waits for before it injects again
    flow.awaitInjectionReady(APP_NAMESPACE);
    Pod late = flow.createPod(APP_NAMESPACE, "app-late", "docker.io/library/nginx:1.27").object();
    CsiNode.Publication mounted = csi(s).publishOnce(late, ObjectNames.VOLUME_ONEAGENT_BIN);
    assertThat(mounted.target().resolve("agent/lib64/liboneagentproc.so")).exists();
    assertThat(empty.target()).isEmptyDirectory();
  }

  private static Volume bin(Pod pod) {
    return pod.getSpec().getVolumes().stream().filter(v -> ObjectNames.VOLUME_ONEAGENT_BIN.equals(v.getName())).findFirst()
        .orElseThrow();
  }

  private static CsiNode csi(E2eSandbox s) {
    return s.csi().orElseThrow();
  }

  private static java.util.Optional<String> csiLatest(E2eSandbox s) {
    try {
      return csi(s).cache().latest(DK).map(m -> m.key());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
