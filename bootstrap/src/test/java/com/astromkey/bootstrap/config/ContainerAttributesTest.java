package com.astromkey.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code --attribute-container} JSON and the image name derived from it. */
class ContainerAttributesTest {

  @Test
  void imageNameJoinsThePresentParts() {
    assertThat(new ContainerAttributes("a", "quay.io", "org/app", "1.0", "sha256:ab").imageName())
        .isEqualTo("quay.io/org/app:1.0@sha256:ab");
    assertThat(new ContainerAttributes("a", "", "app", "", "").imageName()).isEqualTo("app");
    assertThat(new ContainerAttributes("a", "quay.io", "app", "", "sha256:ab").imageName())
        .isEqualTo("quay.io/app@sha256:ab");
    assertThat(new ContainerAttributes("a", "quay.io", "", "1.0", "").imageName()).isEmpty();
  }

  @Test
  void parsesTheWebhookJsonAndIgnoresUnknownFields() {
    ContainerAttributes c = ContainerAttributes.parse("{\"k8s.container.name\":\"web\",\"container_image.repository\":"
        + "\"nginx\",\"future.field\":{\"x\":1}}");

    assertThat(c).isEqualTo(new ContainerAttributes("web", "", "nginx", "", ""));
  }
}
