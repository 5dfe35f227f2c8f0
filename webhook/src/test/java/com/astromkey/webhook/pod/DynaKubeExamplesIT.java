package com.astromkey.webhook.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.PathNames;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.fixture.AdmissionClient;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.WebhookHarness;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The two seed DynaKubes (cloudNativeFullStack with CSI, applicationMonitoring with codeModulesImage and no CSI) over real
 * HTTPS: every returned JSONPatch is applied to the submitted pod and the assertions read the resulting pod.
 */
class DynaKubeExamplesIT {
  private static final String CSI_FIXTURE = "pod/cloudnative-csi-ready.yaml";
  private static final String IMAGE_FIXTURE = "pod/appmon-codemodules-image-no-csi.yaml";
  private static final String CODE_MODULES_IMAGE = "registry.my-company.com/astromkey/astromkey-codemodules:1.301.0";
  private static final String LIBRARY = "/opt/astromkey/oneagent-paas/agent/lib64/liboneagentproc.so";

  /** A pod answer: the review response and the pod after applying its patch. */
  private record Admitted(JsonNode response, Pod pod) {
    Map<String, String> annotations() {
      return pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
    }
  }

  @Test
  void csiExampleInjectsEveryContainerWithACsiVolume() throws Exception {
    Admitted admitted = admit(CSI_FIXTURE, true, fixture -> { }, pod -> { });

    assertThat(admitted.annotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true")
        .containsEntry(Annotations.DYNAKUBE_INJECTED, "true").containsEntry(Annotations.ONEAGENT_DELIVERY, "csi");
    Container init = admitted.pod.getSpec().getInitContainers().get(0);
    assertThat(init.getName()).isEqualTo("astromkey-operator");
    assertThat(init.getImage()).isEqualTo(ClusterFixture.OPERATOR_IMAGE);
    assertThat(init.getArgs()).first().isEqualTo("bootstrap");
    assertThat(init.getArgs()).contains("--fullstack", "--tenant=abc12345")
        .filteredOn(arg -> arg.startsWith("--attribute-container=")).hasSize(2);
    Volume bin = volume(admitted.pod, "oneagent-bin");
    assertThat(bin.getCsi().getDriver()).isEqualTo("csi.oneagent.astromkey.com");
    assertThat(bin.getCsi().getVolumeAttributes()).containsEntry("mode", "app").containsEntry("dynakube", "dynakube")
        .containsEntry("retryTimeout", "10m");
    assertThat(volume(admitted.pod, "astromkey-config").getEmptyDir()).isNotNull();
    assertThat(volume(admitted.pod, "astromkey-input").getProjected()).isNotNull();
    for (Container container : admitted.pod.getSpec().getContainers()) {
      assertThat(container.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath)
          .containsExactly(tuple("oneagent-bin", "/opt/astromkey/oneagent-paas"),
              tuple("astromkey-config", "/etc/ld.so.preload"), tuple("astromkey-config", "/var/lib/astromkey"));
      assertThat(container.getEnv()).extracting(EnvVar::getName)
          .containsExactly("LD_PRELOAD", "AK_DEPLOYMENT_METADATA", "AK_STORAGE", "AK_NETWORK_ZONE");
      assertThat(container.getEnv().get(0).getValue()).isEqualTo(LIBRARY);
    }
  }

  @Test
  void csiExampleFollowsPodAnnotations() throws Exception {
    Admitted admitted = admit(CSI_FIXTURE, true, fixture -> { }, pod -> {
      annotate(pod, Annotations.ONEAGENT_INSTALL_PATH, "/opt/custom");
      annotate(pod, Annotations.CONTAINER_INJECT_PREFIX + "sidecar", "false");
      annotate(pod, Annotations.ONEAGENT_VOLUME_TYPE, Annotations.VOLUME_TYPE_EPHEMERAL);
      annotate(pod, Annotations.VOLUME_ONEAGENT_BIN_SIZE, "300Mi");
    });

    assertThat(admitted.annotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true")
        .as("ephemeral opts out of CSI; without codeModulesImage the zip is downloaded")
        .containsEntry(Annotations.ONEAGENT_DELIVERY, "zip");
    assertThat(volume(admitted.pod, "oneagent-bin").getCsi()).isNull();
    assertThat(volume(admitted.pod, "oneagent-bin").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("300Mi"));
    assertThat(container(admitted.pod, "app").getVolumeMounts()).extracting(VolumeMount::getMountPath)
        .contains("/opt/custom");
    assertThat(container(admitted.pod, "app").getEnv()).extracting(EnvVar::getValue)
        .contains("/opt/custom/agent/lib64/liboneagentproc.so");
    assertThat(container(admitted.pod, "sidecar").getVolumeMounts()).isNullOrEmpty();
    assertThat(container(admitted.pod, "sidecar").getEnv()).isNullOrEmpty();
    assertThat(admitted.pod.getSpec().getInitContainers().get(0).getArgs())
        .contains("--install-path=/opt/custom")
        .filteredOn(arg -> arg.startsWith("--attribute-container=")).singleElement().asString().contains("\"app\"");
  }

  @Test
  void podOptingOutIsLeftUntouched() throws Exception {
    Admitted admitted = admit(CSI_FIXTURE, true, fixture -> { }, pod -> annotate(pod, Annotations.INJECT, "false"));

    assertThat(admitted.response.has("patch")).isFalse();
    assertThat(admitted.pod.getSpec().getInitContainers()).isNullOrEmpty();
  }

  @Test
  void podAlreadyInjectedGetsNoPatchAndAnAddedContainerOnlyItsOwnShare() throws Exception {
    try (WebhookHarness harness = WebhookHarness.start(ClusterFixture.load(CSI_FIXTURE), true)) {
      Pod injected = admit(harness, harness.fixture.pod).pod;

      Admitted again = admit(harness, injected);
      assertThat(again.response.path("allowed").asBoolean()).isTrue();
      assertThat(again.response.has("patch")).as("a reinvocation with nothing new").isFalse();

      injected.getSpec().getContainers().add(new ContainerBuilder().withName("late").withImage("busybox:1.36").build());
      Pod reinvoked = admit(harness, injected).pod;
      assertThat(reinvoked.getSpec().getInitContainers()).hasSize(1);
      assertThat(reinvoked.getSpec().getInitContainers().get(0).getArgs())
          .filteredOn(arg -> arg.startsWith("--attribute-container=")).hasSize(3).last().asString().contains("\"late\"");
      assertThat(container(reinvoked, "late").getVolumeMounts()).hasSize(3);
      assertThat(container(reinvoked, "app").getVolumeMounts()).hasSize(3);
      assertThat(reinvoked.getSpec().getVolumes()).hasSize(3);
    }
  }

  @Test
  void conflictingVolumeNameIsNotInjected() throws Exception {
    Admitted admitted = admit(CSI_FIXTURE, true, fixture -> { }, pod -> pod.getSpec().getVolumes().add(new VolumeBuilder()
        .withName("oneagent-bin").withNewHostPath().withPath("/opt/agent").endHostPath().build()));

    assertNotInjected(admitted, "ConflictingVolumeType");
    assertThat(admitted.pod.getSpec().getVolumes()).singleElement()
        .satisfies(volume -> assertThat(volume.getHostPath().getPath()).isEqualTo("/opt/agent"));
  }

  @Test
  void csiDynaKubeNotReadyIsNotInjected() throws Exception {
    Admitted admitted = admit(CSI_FIXTURE, true, fixture -> fixture.dk().getStatus().setCodeModules(null), pod -> { });

    assertNotInjected(admitted, "DynaKubeStatusNotReady");
  }

  @Test
  void imageExampleRunsTheCodeModulesImageOnEmptyDir() throws Exception {
    Admitted admitted = admit(IMAGE_FIXTURE, false, fixture -> { }, pod -> { });

    assertThat(admitted.annotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "true")
        .containsEntry(Annotations.ONEAGENT_DELIVERY, "image");
    Container init = admitted.pod.getSpec().getInitContainers().get(0);
    assertThat(init.getImage()).isEqualTo(CODE_MODULES_IMAGE);
    assertThat(init.getArgs()).doesNotContain("bootstrap", "--fullstack").first().isEqualTo("--source=/opt/astromkey/oneagent");
    assertThat(init.getEnv()).extracting(EnvVar::getName).doesNotContain("JAVA_TOOL_OPTIONS");
    assertThat(volume(admitted.pod, "oneagent-bin").getEmptyDir()).isNotNull();
    assertThat(volume(admitted.pod, "oneagent-bin").getEmptyDir().getSizeLimit()).isNull();
    assertThat(container(admitted.pod, "app").getEnv()).extracting(EnvVar::getName)
        .containsExactly("LD_PRELOAD", "AK_DEPLOYMENT_METADATA", "AK_STORAGE");
    assertThat(container(admitted.pod, "app").getEnv().get(1).getValue()).startsWith("deployment=operator-application_monitoring;");
    assertThat(admitted.pod.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("shop-registry");
  }

  @Test
  void imageExampleFollowsPodAnnotations() throws Exception {
    Admitted admitted = admit(IMAGE_FIXTURE, false, fixture -> { }, pod -> {
      annotate(pod, Annotations.ONEAGENT_TECHNOLOGIES, "java,nodejs");
      annotate(pod, Annotations.VOLUME_ASTROMKEY_CONFIG_SIZE, "10Mi");
      annotate(pod, Annotations.ONEAGENT_FAILURE_POLICY, "fail");
    });

    Container init = admitted.pod.getSpec().getInitContainers().get(0);
    assertThat(init.getArgs()).contains("--technology=java,nodejs").doesNotContain("--suppress-error");
    assertThat(volume(admitted.pod, "astromkey-config").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("10Mi"));
  }

  @Test
  void imageExampleWithAConflictingConfigVolumeIsNotInjected() throws Exception {
    Admitted admitted = admit(IMAGE_FIXTURE, false, fixture -> { }, pod -> pod.getSpec().getVolumes().add(new VolumeBuilder()
        .withName("astromkey-config").withNewConfigMap().withName("mine").endConfigMap().build()));

    assertNotInjected(admitted, "ConflictingVolumeType");
  }

  @Test
  void imageDynaKubeNotReadyIsNotInjected() throws Exception {
    Admitted admitted = admit(IMAGE_FIXTURE, false, fixture -> fixture.dk().getStatus().getCodeModules().setImageID(null),
        pod -> { });

    assertNotInjected(admitted, "DynaKubeStatusNotReady");
  }

  private static void assertNotInjected(Admitted admitted, String reason) {
    assertThat(admitted.response.path("allowed").asBoolean()).isTrue();
    assertThat(admitted.annotations()).containsEntry(Annotations.ONEAGENT_INJECTED, "false")
        .containsEntry(Annotations.ONEAGENT_REASON, reason).containsEntry(Annotations.DYNAKUBE_INJECTED, "false")
        .containsEntry(Annotations.DYNAKUBE_REASON, reason).doesNotContainKey(Annotations.ONEAGENT_DELIVERY);
    assertThat(admitted.pod.getSpec().getInitContainers()).isNullOrEmpty();
    assertThat(admitted.pod.getSpec().getContainers()).allSatisfy(container -> {
      assertThat(container.getVolumeMounts()).isNullOrEmpty();
      assertThat(container.getEnv()).isNullOrEmpty();
    });
  }

  private static Admitted admit(String resource, boolean csi, Consumer<ClusterFixture> cluster, Consumer<Pod> pod)
      throws Exception {
    ClusterFixture fixture = ClusterFixture.load(resource);
    cluster.accept(fixture);
    pod.accept(fixture.pod);
    try (WebhookHarness harness = WebhookHarness.start(fixture, csi)) {
      return admit(harness, fixture.pod);
    }
  }

  private static Admitted admit(WebhookHarness harness, Pod pod) throws Exception {
    JsonNode json = AdmissionReviews.JSON.valueToTree(pod);
    JsonNode response = harness.client().admit(PathNames.WEBHOOK_INJECT, AdmissionClient.review("Pod", "CREATE", "shop", json,
        null));
    assertThat(response.path("allowed").asBoolean()).isTrue();
    return new Admitted(response, AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), json),
        Pod.class));
  }

  private static void annotate(Pod pod, String key, String value) {
    if (pod.getMetadata().getAnnotations() == null) {
      pod.getMetadata().setAnnotations(new HashMap<>());
    }
    pod.getMetadata().getAnnotations().put(key, value);
  }

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream().filter(volume -> name.equals(volume.getName())).findFirst().orElseThrow();
  }

  private static Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream().filter(container -> name.equals(container.getName())).findFirst()
        .orElseThrow();
  }
}
