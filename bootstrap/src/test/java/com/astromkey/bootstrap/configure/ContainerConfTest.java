package com.astromkey.bootstrap.configure;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.bootstrap.config.ContainerAttributes;
import com.astromkey.bootstrap.config.PodAttributes;
import org.junit.jupiter.api.Test;

/** Rendering of {@code container.conf} with and without cloudNativeFullStack. */
class ContainerConfTest {
  private static final ContainerAttributes APP = new ContainerAttributes("app", "quay.io", "org/app", "2", "");
  private static final PodAttributes POD = new PodAttributes("p", "uid", "ns", "node-1", "cluster");

  @Test
  void applicationMonitoringHasNoNodeAndNoHostSection() {
    assertThat(ContainerConf.render(APP, POD, false, "abc12345")).isEqualTo("[container]\ncontainerName app\n"
        + "imageName quay.io/org/app:2\nk8s_cluster_id cluster\nk8s_containername app\nk8s_namespace ns\n"
        + "k8s_podname p\nk8s_poduid uid\n\n");
  }

  @Test
  void fullstackAddsTheNodeAndTheHostSection() {
    assertThat(ContainerConf.render(APP, POD, true, "abc12345")).isEqualTo("[container]\ncontainerName app\n"
        + "imageName quay.io/org/app:2\nk8s_cluster_id cluster\nk8s_containername app\nk8s_namespace ns\n"
        + "k8s_node_name node-1\nk8s_podname p\nk8s_poduid uid\n\n[host]\ncloudNativeFullStack true\ntenant abc12345\n\n");
  }

  @Test
  void emptyValuesAreOmitted() {
    assertThat(ContainerConf.render(new ContainerAttributes("c", "", "", "", ""), new PodAttributes("", "", "", "", ""),
        true, "t")).isEqualTo("[container]\ncontainerName c\nk8s_containername c\n\n[host]\ncloudNativeFullStack true\n"
        + "tenant t\n\n");
  }
}
