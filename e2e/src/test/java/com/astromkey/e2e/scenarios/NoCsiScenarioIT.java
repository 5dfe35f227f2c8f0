package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.kubelet.KubeletStandIn;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.BootstrapRunner;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.SandboxImages;
import com.astromkey.oci.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Application monitoring on a cluster without the CSI driver (chart rendered as kubernetes.yaml). */
class NoCsiScenarioIT {
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";
  private static final String NO_REPLICA_NAMESPACE = "shop-no-replica";

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withoutCsi();

  @Test
  void appmonitoring_no_csi_self_extracting() throws Exception {
    E2eSandbox s = sandbox.get();
    CustomerFlow flow = new CustomerFlow(s);
    DynaKube dk = s.dynaKube("dynakube-appmonitoring-no-csi-self-extracting");
    String codeModulesImage = dk.getSpec().getOneAgent().getApplicationMonitoring().getCodeModulesImage();
    s.tokensSecret(DK);

    AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    assertThat(admitted.warnings()).anySatisfy(w -> assertThat(w).startsWith("[AKW-015]"));
    flow.awaitStatus(DK, st -> st.getCodeModules() != null && "custom-image".equals(st.getCodeModules().getSource()));

    flow.createNamespace(APP_NAMESPACE);
    flow.awaitInjectionReady(APP_NAMESPACE);
    Secret replica = s.client().secrets().inNamespace(APP_NAMESPACE).withName(ObjectNames.INJECTION_PULL_SECRET).get();
    JsonNode auths = new ObjectMapper().readTree(new String(Base64.getDecoder().decode(
        replica.getData().get(SecretKeys.DOCKER_CONFIG_JSON)), StandardCharsets.UTF_8)).path("auths");
    assertThat(auths.fieldNames()).toIterable().containsExactly(s.registry().host());

    Pod pod = new PodBuilder().withNewMetadata().withName("app-1").withNamespace(APP_NAMESPACE)
        .withUid(UUID.randomUUID().toString()).endMetadata().withNewSpec().addNewImagePullSecret("shop-own-secret")
        .addNewContainer().withName("app").withImage("docker.io/library/nginx:1.27").endContainer().endSpec().build();
    Pod injected = flow.createPod(pod).object();

    assertThat(injected.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true")
        .containsEntry(Annotations.ONEAGENT_DELIVERY, "image");
    Container init = injected.getSpec().getInitContainers().stream()
        .filter(c -> c.getName().equals(ObjectNames.INJECTION_INIT_CONTAINER)).findFirst().orElseThrow();
    assertThat(init.getImage()).isEqualTo(codeModulesImage);
    assertThat(init.getArgs()).doesNotContain("bootstrap");
    Volume bin = injected.getSpec().getVolumes().stream().filter(v -> v.getName().equals(ObjectNames.VOLUME_ONEAGENT_BIN))
        .findFirst().orElseThrow();
    assertThat(bin.getEmptyDir()).isNotNull();
    assertThat(injected.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("shop-own-secret", ObjectNames.INJECTION_PULL_SECRET);

    // the kubelet in the app namespace: the pod's own (missing) secret is skipped, the replica authenticates
    s.registry().clearAccessLog();
    Path rootfs = s.tmp().resolve("rootfs-init");
    KubeletStandIn.Pull pull = s.kubelet().pullAndUnpack(APP_NAMESPACE, injected.getSpec(), codeModulesImage, Platform.ofJvm(),
        rootfs);
    assertThat(pull.secretsUsed()).containsExactly(ObjectNames.INJECTION_PULL_SECRET);
    assertThat(s.registry().awaitAccessLog(e -> e.isBlob() && e.status() == 200)).filteredOn(e -> e.status() == 200
        && (e.isBlob() || e.isManifest())).isNotEmpty().allSatisfy(e -> assertThat(e.user()).isEqualTo(s.customer().name()));

    Path binDir = Files.createDirectories(s.tmp().resolve("pod-bin"));
    BootstrapRunner.Run run = s.bootstrap().run(injected, binDir, rootfs, Duration.ofSeconds(60));
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(binDir.resolve("agent/lib64/liboneagentproc.so")).content().contains(SandboxImages.VERSION);
    assertThat(run.configDir().resolve(".astromkey/ld.so.preload")).content().contains("liboneagentproc.so");
    assertThat(run.configDir().resolve("app/oneagent/agent/config/container.conf")).content()
        .contains("k8s_namespace " + APP_NAMESPACE);
    assertThat(Files.readString(run.terminationLog())).contains("\"result\":\"ok\"");
    assertThat(List.of(run.args())).isNotEmpty();

    // FF replicate-pull-secret=false: a newly monitored namespace gets neither the replica nor the pod entry
    DynaKube current = s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).get();
    DynaKube updated = s.client().getKubernetesSerialization().clone(current);
    Map<String, String> annotations = new LinkedHashMap<>(Optional.ofNullable(updated.getMetadata().getAnnotations())
        .orElse(Map.of()));
    annotations.put(FeatureFlag.REPLICATE_PULL_SECRET.key(), "false");
    updated.getMetadata().setAnnotations(annotations);
    assertThat(s.admission().validateDynaKube(updated, current).allowed()).isTrue();
    s.client().resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).resource(updated).update();
    flow.createNamespace(NO_REPLICA_NAMESPACE);
    E2eSandbox.await("the operator's " + ObjectNames.BOOTSTRAPPER_CONFIG_SECRET + " in " + NO_REPLICA_NAMESPACE,
        CustomerFlow.PATIENCE, () -> s.client().secrets().inNamespace(NO_REPLICA_NAMESPACE)
            .withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get() != null);
    Pod plain = new PodBuilder().withNewMetadata().withName("app-2").withNamespace(NO_REPLICA_NAMESPACE)
        .withUid(UUID.randomUUID().toString()).endMetadata().withNewSpec().addNewContainer().withName("app")
        .withImage("docker.io/library/nginx:1.27").endContainer().endSpec().build();
    E2eSandbox.await("the webhook to see replicate-pull-secret=false", CustomerFlow.PATIENCE, () -> {
      try {
        Pod probe = s.admission().mutatePod(plain, true).object();
        return probe.getSpec().getImagePullSecrets() == null || probe.getSpec().getImagePullSecrets().stream()
            .noneMatch(r -> ObjectNames.INJECTION_PULL_SECRET.equals(r.getName()));
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    Pod withoutReplica = flow.createPod(plain).object();

    assertThat(withoutReplica.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true");
    assertThat(withoutReplica.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .doesNotContain(ObjectNames.INJECTION_PULL_SECRET);
    assertThat(s.client().secrets().inNamespace(NO_REPLICA_NAMESPACE).withName(ObjectNames.INJECTION_PULL_SECRET).get())
        .as("no injection pull secret replica with replicate-pull-secret=false").isNull();
  }
}
