package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node-image-pull Job fields of §6.3. */
class NodeImagePullJobTest {
  static final String IMAGE = "registry.example.com/astromkey/codemodules:1.301.0";

  private static DynaKube dk() {
    DynaKube dk = DynaKubeFixtures.load("dynakube-cloudnative-private-registry", Map.of("NAME", "dynakube", "IMAGE", IMAGE));
    dk.getMetadata().setAnnotations(new HashMap<>(Map.of("feature.astromkey.com/node-image-pull", "true")));
    return dk;
  }

  @Test
  void theFieldsOfTheSpecTable() {
    Job job = NodeImagePullJob.build(dk(), IMAGE, "node-a", "astromkey",
        Path.of("/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/data"), List.of("custom", "dynakube-pull-secret"),
        JobSettings.none());

    assertThat(job.getMetadata().getName()).matches("codemodule-download-[0-9a-f]{10}");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("astromkey");
    assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "astromkey-operator")
        .containsEntry("app.kubernetes.io/component", "codemodule-download").containsEntry("app.kubernetes.io/created-by", "dynakube");
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(10);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("astromkey.com/inject", "false");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("OnFailure");
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("kubernetes.io/hostname", "node-a"));
    assertThat(pod.getServiceAccountName()).isEqualTo("astromkey-csi-driver");
    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("custom", "dynakube-pull-secret");
    Container c = pod.getContainers().get(0);
    assertThat(c.getName()).isEqualTo("codemodule-download");
    assertThat(c.getImage()).isEqualTo(IMAGE);
    String name = job.getMetadata().getName();
    assertThat(c.getArgs()).containsExactly("--source=/opt/astromkey/oneagent", "--target=/data/work/" + name + "/out",
        "--work=/data/work/" + name + "/tmp");
    assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/data");
    assertThat(pod.getVolumes().get(0).getHostPath().getPath()).isEqualTo("/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/data");
  }

  @Test
  void helmJobSettingsApplyButNeverReplaceOurLabelsOrTheInjectAnnotation() {
    JobSettings settings = JobSettings.fromHelmJson("{\"job\":{\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Exists\","
        + "\"effect\":\"NoSchedule\"}],\"annotations\":{\"team\":\"obs\",\"astromkey.com/inject\":\"true\"},"
        + "\"labels\":{\"cost\":\"a\",\"app.kubernetes.io/component\":\"x\"},\"securityContext\":{\"runAsUser\":0,"
        + "\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"]}},\"resources\":{\"requests\":"
        + "{\"cpu\":\"200m\",\"memory\":\"64Mi\"}},\"priorityClassName\":\"astromkey-high-priority\"},\"other\":1}");

    Job job = NodeImagePullJob.build(dk(), IMAGE, "node-a", "astromkey", Path.of("/d"), List.of(), settings);

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getPriorityClassName()).isEqualTo("astromkey-high-priority");
    Container c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("200m");
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("team", "obs")
        .containsEntry("astromkey.com/inject", "false");
    assertThat(job.getMetadata().getLabels()).containsEntry("cost", "a").containsEntry("app.kubernetes.io/component", "codemodule-download");
    assertThat(JobSettings.fromHelmJson(null)).isEqualTo(JobSettings.none());
    assertThat(JobSettings.fromHelmJson("{\"webhook\":{}}")).isEqualTo(JobSettings.none());
  }

  @Test
  void technologiesOtherThanAllArePassedOn() {
    DynaKube dk = dk();
    dk.getMetadata().getAnnotations().put("oneagent.astromkey.com/technologies", "java,nodejs");
    Job job = NodeImagePullJob.build(dk, IMAGE, "node-a", "astromkey", Path.of("/d"), List.of(), JobSettings.none());
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--technology=java,nodejs");
    assertThat(job.getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();
  }
}
