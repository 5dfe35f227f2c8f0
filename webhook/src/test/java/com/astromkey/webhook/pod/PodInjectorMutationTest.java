package com.astromkey.webhook.pod;

import static com.astromkey.webhook.pod.PodInjectorDecisionTest.OPERATOR_IMAGE;
import static com.astromkey.webhook.pod.PodInjectorDecisionTest.codeModulesImageResolved;
import static com.astromkey.webhook.pod.PodInjectorDecisionTest.dkAnnotation;
import static com.astromkey.webhook.pod.PodInjectorDecisionTest.podAnnotation;
import static com.astromkey.webhook.pod.PodInjectorDecisionTest.settings;
import static com.astromkey.webhook.pod.PodInjectorDecisionTest.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.Secrets;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What injection adds (webhook.md §4 and the §11 acceptance list), scenario by scenario. */
class PodInjectorMutationTest {
  private static final String LIBRARY = "/opt/astromkey/oneagent-paas/agent/lib64/liboneagentproc.so";

  @Test
  void cloudNativeWithCsiAddsExactlyTheInitContainerVolumesMountsAndEnv() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");

    InjectionResult result = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop");

    assertThat(result.delivery()).isEqualTo(Delivery.CSI);
    Pod pod = result.pod();
    assertThat(pod.getSpec().getInitContainers()).singleElement().satisfies(init -> {
      assertThat(init.getName()).isEqualTo("astromkey-operator");
      assertThat(init.getImage()).isEqualTo(OPERATOR_IMAGE);
      assertThat(init.getImagePullPolicy()).isEqualTo("IfNotPresent");
      assertThat(init.getArgs()).startsWith("bootstrap", "--source=/opt/astromkey/oneagent", "--target=/mnt/bin",
          "--install-path=/opt/astromkey/oneagent-paas", "--config-directory=/mnt/config", "--input-directory=/mnt/input");
      assertThat(init.getArgs()).contains("--fullstack", "--tenant=abc12345", "--suppress-error",
          "--attribute=k8s.pod.name=$(AK_POD_NAME)", "--attribute=k8s.pod.uid=$(AK_POD_UID)",
          "--attribute=k8s.namespace.name=shop", "--attribute=k8s.node.name=$(AK_NODE_NAME)",
          "--attribute=k8s.cluster.uid=9a6c5f4e-0000-4000-8000-000000000001");
      assertThat(init.getArgs()).filteredOn(arg -> arg.startsWith("--attribute-container=")).containsExactly(
          "--attribute-container={\"k8s.container.name\":\"app\",\"container_image.registry\":\"registry.my-company.com\","
              + "\"container_image.repository\":\"shop/app\",\"container_image.tags\":\"1.2\"}",
          "--attribute-container={\"k8s.container.name\":\"sidecar\",\"container_image.registry\":\"docker.io\","
              + "\"container_image.repository\":\"envoyproxy/envoy\",\"container_image.digest\":\"sha256:"
              + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}");
      assertThat(init.getArgs()).noneMatch(arg -> arg.startsWith("--url") || arg.startsWith("--version")
          || arg.startsWith("--technology"));
      assertThat(init.getEnv()).extracting(EnvVar::getName)
          .containsExactly("AK_POD_NAME", "AK_POD_UID", "AK_NODE_NAME", "JAVA_TOOL_OPTIONS");
      assertThat(init.getResources().getRequests()).containsEntry("cpu", new Quantity("30m"))
          .containsEntry("memory", new Quantity("64Mi"));
      assertThat(init.getResources().getLimits()).containsEntry("cpu", new Quantity("500m"))
          .containsEntry("memory", new Quantity("128Mi"));
      assertThat(init.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
      assertThat(init.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(init.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(init.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
          .containsExactly(tuple("oneagent-bin", "/mnt/bin", true),
              tuple("astromkey-config", "/mnt/config", null),
              tuple("astromkey-input", "/mnt/input", true));
    });
    assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName)
        .containsExactly("oneagent-bin", "astromkey-config", "astromkey-input");
    Volume bin = pod.getSpec().getVolumes().get(0);
    assertThat(bin.getCsi().getDriver()).isEqualTo("csi.oneagent.astromkey.com");
    assertThat(bin.getCsi().getReadOnly()).isTrue();
    assertThat(bin.getCsi().getVolumeAttributes())
        .containsExactlyInAnyOrderEntriesOf(Map.of("mode", "app", "dynakube", "dynakube", "retryTimeout", "10m"));
    assertThat(pod.getSpec().getVolumes().get(2).getProjected().getSources()).satisfiesExactly(
        source -> assertThat(source.getSecret().getName()).isEqualTo("astromkey-bootstrapper-config"),
        source -> {
          assertThat(source.getSecret().getName()).isEqualTo("astromkey-bootstrapper-certs");
          assertThat(source.getSecret().getOptional()).isTrue();
        });
    for (Container container : pod.getSpec().getContainers()) {
      assertThat(container.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath,
          VolumeMount::getSubPath, VolumeMount::getReadOnly).containsExactly(
          tuple("oneagent-bin", "/opt/astromkey/oneagent-paas", null, true),
          tuple("astromkey-config", "/etc/ld.so.preload", ".astromkey/ld.so.preload", true),
          tuple("astromkey-config", "/var/lib/astromkey", container.getName(), null));
      assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
          tuple("LD_PRELOAD", LIBRARY),
          tuple("AK_DEPLOYMENT_METADATA", "deployment=operator-cloud_native_fullstack;"
              + "operator_version=1.0.0;cluster_id=9a6c5f4e-0000-4000-8000-000000000001"),
          tuple("AK_STORAGE", "/var/lib/astromkey/oneagent"),
          tuple("AK_NETWORK_ZONE", "zone-a"));
    }
    assertThat(pod.getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
        Annotations.ONEAGENT_INJECTED, "true", Annotations.DYNAKUBE_INJECTED, "true", Annotations.ONEAGENT_DELIVERY, "csi"));
    assertThat(pod.getSpec().getImagePullSecrets()).isNullOrEmpty();
    assertThat(result.events()).singleElement().satisfies(event -> assertThat(event.reason()).isEqualTo("Injected"));
  }

  @Test
  void codeModulesImageWithoutCsiRunsAsSelfExtractingInitContainer() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-codemodules-image-no-csi.yaml");

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.delivery()).isEqualTo(Delivery.IMAGE);
    Container init = result.pod().getSpec().getInitContainers().get(0);
    assertThat(init.getImage()).isEqualTo("registry.my-company.com/astromkey/astromkey-codemodules:1.301.0");
    assertThat(init.getArgs()).doesNotContain("bootstrap", "--fullstack").first().isEqualTo("--source=/opt/astromkey/oneagent");
    assertThat(init.getEnv()).extracting(EnvVar::getName).doesNotContain("JAVA_TOOL_OPTIONS");
    assertThat(init.getVolumeMounts().get(0).getReadOnly()).isNull();
    assertThat(result.pod().getSpec().getVolumes().get(0).getEmptyDir()).isNotNull();
    assertThat(result.pod().getSpec().getVolumes().get(0).getCsi()).isNull();
    assertThat(result.pod().getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_DELIVERY, "image");
    assertThat(result.pod().getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getValue)
        .contains("deployment=operator-application_monitoring;operator_version=1.0.0;"
            + "cluster_id=9a6c5f4e-0000-4000-8000-000000000001");
  }

  @Test
  void neitherCsiNorImageDownloadsTheZipWithTheStatusVersion() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.delivery()).isEqualTo(Delivery.ZIP);
    Container init = result.pod().getSpec().getInitContainers().get(0);
    assertThat(init.getImage()).isEqualTo(OPERATOR_IMAGE);
    assertThat(init.getArgs()).first().isEqualTo("bootstrap");
    assertThat(init.getArgs()).contains("--url=https://abc12345.live.astromkey.com/api",
        "--version=1.303.1.20241001-101010", "--flavor=default");
    assertThat(result.pod().getSpec().getVolumes().get(0).getEmptyDir()).isNotNull();
    assertThat(result.pod().getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_DELIVERY, "zip");
  }

  @Test
  void aFlavorTheBootstrapWouldRefuseIsLeftOutAndThePodStillInjected() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    fixture.pod.getMetadata().getAnnotations().put(Annotations.ONEAGENT_FLAVOR, "musl");

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.outcome()).isEqualTo(InjectionResult.Outcome.INJECTED);
    assertThat(result.pod().getSpec().getInitContainers().get(0).getArgs())
        .contains("--version=1.303.1.20241001-101010")
        .noneMatch(arg -> arg.startsWith("--flavor"));
  }

  @Test
  void aValidFlavorIsPassedInTheBootstrapsSpelling() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    fixture.pod.getMetadata().getAnnotations().put(Annotations.ONEAGENT_FLAVOR, " MultiDistro ");

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.pod().getSpec().getInitContainers().get(0).getArgs()).contains("--flavor=multidistro");
  }

  @Test
  void volumeTypeEphemeralOptsOutOfCsi() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    podAnnotation(fixture, Annotations.ONEAGENT_VOLUME_TYPE, "ephemeral");

    InjectionResult result = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop");

    assertThat(result.delivery()).isEqualTo(Delivery.ZIP);
  }

  @Test
  void helmPullSecretEntryForTheInitImageAttachesTheReplicaAfterExistingEntries() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    fixture.pod.getSpec().setImagePullSecrets(new ArrayList<>(List.of(new LocalObjectReference("from-service-account"))));
    fixture.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE, "appmon-injection-pull-secret", null,
        "https://registry.my-company.com/v2/"));
    fixture.put(Secrets.dockerConfig("shop", ObjectNames.INJECTION_PULL_SECRET, null, "registry.my-company.com"));

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.pod().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("from-service-account", "astromkey-injection-pull-secret");
  }

  @Test
  void injectionPullSecretAlreadyListedIsNotRepeated() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-codemodules-image-no-csi.yaml");
    fixture.pod.getSpec().getImagePullSecrets().add(new LocalObjectReference(ObjectNames.INJECTION_PULL_SECRET));
    fixture.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE, "appmon-injection-pull-secret", null,
        "registry.my-company.com/astromkey"));
    fixture.put(Secrets.dockerConfig("shop", ObjectNames.INJECTION_PULL_SECRET, null, "registry.my-company.com"));

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.pod().getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
        .containsExactly("shop-registry", "astromkey-injection-pull-secret");
  }

  @Test
  void replicatePullSecretFalseAddsNoEntry() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    dkAnnotation(fixture, "feature.astromkey.com/replicate-pull-secret", "false");
    fixture.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE, "appmon-injection-pull-secret", null,
        "registry.my-company.com"));
    fixture.put(Secrets.dockerConfig("shop", ObjectNames.INJECTION_PULL_SECRET, null, "registry.my-company.com"));

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.outcome()).isEqualTo(InjectionResult.Outcome.INJECTED);
    assertThat(result.pod().getSpec().getImagePullSecrets()).isNullOrEmpty();
  }

  @Test
  void helmPullSecretMissingMakesTheOperatorImageUncovered() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    // The operator lists the operator image's registry as uncovered when the Helm secret it should come from is missing.
    fixture.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE, "appmon-injection-pull-secret",
        "registry.my-company.com"));
    fixture.put(Secrets.dockerConfig("shop", ObjectNames.INJECTION_PULL_SECRET, null));

    InjectionResult result = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop");

    assertThat(result.reason()).isEqualTo(NotInjectedReason.NoPullSecret);
    assertThat(result.pod().getSpec().getInitContainers()).isNullOrEmpty();
  }

  @Test
  void excludedSidecarGetsNoMountsEnvOrAttribute() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    podAnnotation(fixture, Annotations.containerInject("sidecar"), "false");

    Pod pod = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop").pod();

    Container sidecar = pod.getSpec().getContainers().get(1);
    assertThat(sidecar.getVolumeMounts()).isNullOrEmpty();
    assertThat(sidecar.getEnv()).isNullOrEmpty();
    assertThat(pod.getSpec().getInitContainers().get(0).getArgs())
        .filteredOn(arg -> arg.startsWith("--attribute-container=")).singleElement().asString().contains("\"app\"");
  }

  @Test
  void conflictingContainerIsSkippedAndListed() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    fixture.pod.getSpec().getContainers().get(1).setVolumeMounts(List.of(new VolumeMountBuilder()
        .withName("own").withMountPath("/var/lib/astromkey/").build()));

    Pod pod = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop").pod();

    assertThat(pod.getMetadata().getAnnotations()).containsEntry(Annotations.ONEAGENT_SKIPPED_CONTAINERS, "sidecar");
    assertThat(pod.getSpec().getContainers().get(1).getVolumeMounts()).hasSize(1);
  }

  @Test
  void existingLiteralLdPreloadIsExtendedAndValueFromIsLeftAlone() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    fixture.pod.getSpec().getContainers().get(0).setEnv(new ArrayList<>(List.of(
        new EnvVarBuilder().withName("LD_PRELOAD").withValue("/lib/x.so").build(),
        new EnvVarBuilder().withName("AK_STORAGE").withValue("/mine").build())));
    fixture.pod.getSpec().getContainers().get(1).setEnv(new ArrayList<>(List.of(new EnvVarBuilder().withName("LD_PRELOAD")
        .withNewValueFrom().withNewConfigMapKeyRef().withName("cm").withKey("k").endConfigMapKeyRef().endValueFrom().build())));

    Pod pod = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop").pod();

    List<EnvVar> app = pod.getSpec().getContainers().get(0).getEnv();
    assertThat(app.get(0).getValue()).isEqualTo("/lib/x.so:" + LIBRARY);
    assertThat(app).filteredOn(env -> env.getName().equals("AK_STORAGE")).singleElement()
        .extracting(EnvVar::getValue).isEqualTo("/mine");
    List<EnvVar> sidecar = pod.getSpec().getContainers().get(1).getEnv();
    assertThat(sidecar).filteredOn(env -> env.getName().equals("LD_PRELOAD")).singleElement()
        .satisfies(env -> assertThat(env.getValueFrom()).isNotNull());
  }

  @Test
  void ldPreloadWithSpacesIsExtendedWithASpace() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    fixture.pod.getSpec().getContainers().get(0).setEnv(List.of(
        new EnvVarBuilder().withName("LD_PRELOAD").withValue("/lib/a.so /lib/b.so").build()));

    Pod pod = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop").pod();

    assertThat(pod.getSpec().getContainers().get(0).getEnv().get(0).getValue()).isEqualTo("/lib/a.so /lib/b.so " + LIBRARY);
  }

  @Test
  void initContainerIdentityFollowsPodThenFirstContainerThenAnnotations() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    fixture.pod.getSpec().setSecurityContext(new PodSecurityContextBuilder().withRunAsUser(2000L).withRunAsGroup(2000L).build());
    fixture.pod.getSpec().getContainers().get(0).setSecurityContext(new SecurityContextBuilder().withRunAsUser(3000L).build());
    assertThat(inject(fixture).getSpec().getInitContainers().get(0).getSecurityContext())
        .satisfies(context -> {
          assertThat(context.getRunAsUser()).isEqualTo(3000L);
          assertThat(context.getRunAsGroup()).isEqualTo(2000L);
        });

    podAnnotation(fixture, Annotations.INIT_CONTAINER_RUN_AS_USER, "0");
    podAnnotation(fixture, Annotations.INIT_CONTAINER_RUN_AS_GROUP, "0");
    assertThat(inject(fixture).getSpec().getInitContainers().get(0).getSecurityContext()).satisfies(context -> {
      assertThat(context.getRunAsUser()).isZero();
      assertThat(context.getRunAsGroup()).isZero();
      assertThat(context.getRunAsNonRoot()).isFalse();
    });
  }

  @Test
  void podAnnotationsTuneArgsAndVolumes() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    podAnnotation(fixture, Annotations.ONEAGENT_FAILURE_POLICY, "fail");
    podAnnotation(fixture, Annotations.ONEAGENT_TECHNOLOGIES, "java,nodejs");
    podAnnotation(fixture, Annotations.VOLUME_ONEAGENT_BIN_SIZE, "500Mi");
    podAnnotation(fixture, Annotations.VOLUME_ASTROMKEY_CONFIG_SIZE, "not-a-size");
    podAnnotation(fixture, Annotations.ONEAGENT_INSTALL_PATH, "/opt/agent");

    Pod pod = new PodInjector(settings(false), fixture).inject(fixture.pod, "shop").pod();

    Container init = pod.getSpec().getInitContainers().get(0);
    assertThat(init.getArgs()).doesNotContain("--suppress-error").contains("--technology=java,nodejs",
        "--install-path=/opt/agent");
    assertThat(pod.getSpec().getVolumes().get(0).getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("500Mi"));
    assertThat(pod.getSpec().getVolumes().get(1).getEmptyDir().getSizeLimit()).isNull();
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts().get(0).getMountPath()).isEqualTo("/opt/agent");
    assertThat(pod.getSpec().getContainers().get(0).getEnv().get(0).getValue())
        .isEqualTo("/opt/agent/agent/lib64/liboneagentproc.so");
  }

  @Test
  void dynaKubeTechnologiesAndFailurePolicyApplyWhenThePodSetsNone() {
    ClusterFixture fixture = ClusterFixture.load("pod/appmon-zip.yaml");
    dkAnnotation(fixture, Annotations.ONEAGENT_TECHNOLOGIES, "php");
    dkAnnotation(fixture, "feature.astromkey.com/injection-failure-policy", "fail");
    dkAnnotation(fixture, "feature.astromkey.com/max-csi-mount-timeout", "2h");

    Pod pod = new PodInjector(settings(true), fixture).inject(fixture.pod, "shop").pod();

    assertThat(pod.getSpec().getInitContainers().get(0).getArgs()).contains("--technology=php").doesNotContain("--suppress-error");
    assertThat(pod.getSpec().getVolumes().get(0).getCsi().getVolumeAttributes()).containsEntry("retryTimeout", "1h");
  }

  @Test
  void enforcedAndVerifiedImageIsPinnedToTheVerifiedDigest() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    codeModulesImageResolved(fixture);
    verified(fixture);
    InjectionSettings enforce = new InjectionSettings(ClusterFixture.OPERATOR_NAMESPACE, OPERATOR_IMAGE, "Always",
        new ModulesConfig(false, true, true, true), "1.0.0", SignatureMode.ENFORCE);

    Pod pod = new PodInjector(enforce, fixture).inject(fixture.pod, "shop").pod();

    Container init = pod.getSpec().getInitContainers().get(0);
    assertThat(init.getImage()).isEqualTo("registry.my-company.com/astromkey/astromkey-codemodules@sha256:" + "ab".repeat(32));
    assertThat(init.getImagePullPolicy()).as("the Helm pull policy is for the operator image only").isEqualTo("IfNotPresent");
  }

  @Test
  void operatorImagePullPolicyFromHelmApplies() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    InjectionSettings always = new InjectionSettings(ClusterFixture.OPERATOR_NAMESPACE, OPERATOR_IMAGE, "Always",
        ModulesConfig.allInstalled(), "1.0.0", SignatureMode.OFF);

    Pod pod = new PodInjector(always, fixture).inject(fixture.pod, "shop").pod();

    assertThat(pod.getSpec().getInitContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
  }

  @Test
  void reinvocationInjectsOnlyTheAddedContainerAndThenNothing() {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    PodInjector injector = new PodInjector(settings(true), fixture);
    Pod injected = injector.inject(fixture.pod, "shop").pod();
    List<Container> containers = new ArrayList<>(injected.getSpec().getContainers());
    containers.add(new ContainerBuilder().withName("mesh-proxy").withImage("quay.io/mesh/proxy:2.0").build());
    injected.getSpec().setContainers(containers);
    List<String> argsBefore = injected.getSpec().getInitContainers().get(0).getArgs();

    InjectionResult second = injector.inject(injected, "shop");

    assertThat(second.outcome()).isEqualTo(InjectionResult.Outcome.REINVOKED);
    Pod again = second.pod();
    assertThat(again.getSpec().getContainers().get(0)).isEqualTo(injected.getSpec().getContainers().get(0));
    assertThat(again.getSpec().getContainers().get(2).getVolumeMounts()).hasSize(3);
    assertThat(again.getSpec().getContainers().get(2).getEnv()).hasSize(4);
    assertThat(again.getSpec().getInitContainers().get(0).getArgs()).hasSize(argsBefore.size() + 1)
        .startsWith(argsBefore.toArray(new String[0]))
        .last().asString().startsWith("--attribute-container={\"k8s.container.name\":\"mesh-proxy\"");
    assertThat(again.getSpec().getVolumes()).isEqualTo(injected.getSpec().getVolumes());
    assertThat(again.getMetadata()).isEqualTo(injected.getMetadata());

    assertThat(injector.inject(again, "shop").outcome()).isEqualTo(InjectionResult.Outcome.UNTOUCHED);
  }

  private static Pod inject(ClusterFixture fixture) {
    return new PodInjector(settings(true), fixture).inject(fixture.pod, "shop").pod();
  }
}
