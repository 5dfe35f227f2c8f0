package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.launcher.Main;
import com.astromkey.packaging.chart.Rendered.Container;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Image precedence (helm-and-image.md §3.1) and where the image and the Helm pull secret end up (§3.3, §7). */
class ChartImageTest {
  static final String DEFAULT_IMAGE = "registry.astromkey.com/astromkey/astromkey-operator:v" + Main.VERSION;
  static final String PRIVATE_REPOSITORY = "registry.my-company.com/astromkey/astromkey-operator";
  static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  /** The §3.1 places: every container's image plus AK_OPERATOR_IMAGE of operator and webhook. */
  static List<String> imagePlaces(Rendered r) {
    List<String> places = new ArrayList<>();
    for (Container c : r.containers()) {
      places.add(c.image());
      c.env("AK_OPERATOR_IMAGE").ifPresent(places::add);
    }
    return places;
  }

  static long podSpecsWithPullSecret(Rendered r, String secret) {
    return r.podSpecs().stream()
        .filter(s -> s.path("imagePullSecrets").size() == 1 && secret.equals(s.at("/imagePullSecrets/0/name").asText())).count();
  }

  static List<String> containersWithPullSecretEnv(Rendered r, String secret) {
    return r.containers().stream().filter(c -> c.env("AK_OPERATOR_PULL_SECRET").filter(secret::equals).isPresent())
        .map(Container::name).toList();
  }

  @Test
  void defaultRenderUsesTheChartDefaultInNinePlaces() {
    Rendered r = ChartRenders.render();
    assertThat(imagePlaces(r)).hasSize(9).containsOnly(DEFAULT_IMAGE);
    assertThat(r.containers()).extracting(Container::name)
        .containsExactlyInAnyOrder("operator", "webhook", "csi-init", "server", "provisioner", "registrar", "liveness-probe");
    assertThat(r.containers()).allSatisfy(c -> assertThat(c.node().has("imagePullPolicy")).as(c.name()).isFalse());
    assertThat(r.podSpecs()).allSatisfy(s -> assertThat(s.has("imagePullSecrets")).isFalse());
    assertThat(r.containers()).noneMatch(c -> c.hasEnv("AK_OPERATOR_PULL_SECRET"));
  }

  @Test
  void privateRegistryWithTagAndPullSecret() {
    Rendered r = ChartRenders.render("imageRef.repository=" + PRIVATE_REPOSITORY, "imageRef.tag=v1.2.3", "customPullSecret=my-secret");
    assertThat(imagePlaces(r)).hasSize(9).containsOnly(PRIVATE_REPOSITORY + ":v1.2.3");
    assertThat(r.podSpecs()).hasSize(3);
    assertThat(podSpecsWithPullSecret(r, "my-secret")).isEqualTo(3);
    assertThat(containersWithPullSecretEnv(r, "my-secret")).containsExactlyInAnyOrder("operator", "webhook", "provisioner");
    assertNoOtherRegistry(r);
  }

  @Test
  void privateRegistryWithoutCsiDriver() {
    Rendered r = ChartRenders.render("imageRef.repository=" + PRIVATE_REPOSITORY, "imageRef.tag=v1.2.3", "customPullSecret=my-secret",
        "csidriver.enabled=false");
    assertThat(imagePlaces(r)).hasSize(4).containsOnly(PRIVATE_REPOSITORY + ":v1.2.3");
    assertThat(r.podSpecs()).hasSize(2);
    assertThat(podSpecsWithPullSecret(r, "my-secret")).isEqualTo(2);
    assertThat(containersWithPullSecretEnv(r, "my-secret")).containsExactlyInAnyOrder("operator", "webhook");
    assertNoOtherRegistry(r);
  }

  @Test
  @DisplayName("helm-render-private-registry-only")
  void helmRenderPrivateRegistryOnly() {
    Rendered r = ChartRenders.render("imageRef.repository=" + PRIVATE_REPOSITORY);
    assertThat(imagePlaces(r)).hasSize(9).containsOnly(PRIVATE_REPOSITORY + ":v" + Main.VERSION);
    assertNoOtherRegistry(r);
  }

  private static void assertNoOtherRegistry(Rendered r) {
    assertThat(r.containers()).isNotEmpty().allSatisfy(c -> assertThat(c.image()).startsWith("registry.my-company.com/"));
    assertThat(r.containers()).allSatisfy(c -> c.env("AK_OPERATOR_IMAGE")
        .ifPresent(v -> assertThat(v).startsWith("registry.my-company.com/")));
    // not even a label, annotation or comment mentions the public registry
    assertThat(r.text()).doesNotContain("registry.astromkey.com");
  }

  @Test
  void digestRendersWithoutTag() {
    Rendered r = ChartRenders.render("imageRef.repository=" + PRIVATE_REPOSITORY, "imageRef.tag=v9.9.9", "imageRef.digest=" + DIGEST);
    assertThat(imagePlaces(r)).hasSize(9).containsOnly(PRIVATE_REPOSITORY + "@" + DIGEST);
    assertThat(r.text()).doesNotContain("v9.9.9");
  }

  @Test
  void fullImageWinsOverImageRef() {
    Rendered r = ChartRenders.render("image=x.example/y:z", "imageRef.repository=" + PRIVATE_REPOSITORY, "imageRef.digest=" + DIGEST);
    assertThat(imagePlaces(r)).hasSize(9).containsOnly("x.example/y:z");
  }

  @Test
  void registryPortIsNotATag() {
    Rendered r = ChartRenders.render("imageRef.repository=localhost:5000/astromkey/astromkey-operator", "imageRef.tag=v1.0.0");
    assertThat(imagePlaces(r)).containsOnly("localhost:5000/astromkey/astromkey-operator:v1.0.0");
  }

  @Test
  void invalidImageValuesFailTheRender() {
    assertThat(ChartRenders.failure("imageRef.repository=" + PRIVATE_REPOSITORY, "imageRef.digest=abc"))
        .contains("imageRef.digest must be sha256:<64 hex>");
    assertThat(ChartRenders.failure("imageRef.repository=" + PRIVATE_REPOSITORY, "imageRef.digest=sha256:" + "A".repeat(64)))
        .contains("imageRef.digest must be sha256:<64 hex>");
    assertThat(ChartRenders.failure("imageRef.repository=r/x:1"))
        .contains("imageRef.repository must not contain a tag; use imageRef.tag");
    assertThat(ChartRenders.failure("platform=openshift")).contains("platform 'openshift' is not supported by this chart");
  }

  @Test
  void pullPolicyReachesEveryOperatorImageContainerAndTheInjectedInitContainer() {
    Rendered r = ChartRenders.render("imageRef.pullPolicy=Always");
    assertThat(r.containers()).hasSize(7)
        .allSatisfy(c -> assertThat(c.node().path("imagePullPolicy").asText()).as(c.name()).isEqualTo("Always"));
    assertThat(r.container("astromkey-webhook", "webhook").env("AK_OPERATOR_IMAGE_PULL_POLICY")).contains("Always");
    assertThat(ChartRenders.render().container("astromkey-webhook", "webhook").hasEnv("AK_OPERATOR_IMAGE_PULL_POLICY")).isFalse();
  }
}
