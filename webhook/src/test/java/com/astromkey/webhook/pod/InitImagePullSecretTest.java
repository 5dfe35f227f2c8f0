package com.astromkey.webhook.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** webhook.md §8 with the registry module's key matching (registry.md §3): which init images need the injection pull secret. */
class InitImagePullSecretTest {
  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
      "registry.my-company.com, registry.my-company.com/astromkey/astromkey-operator:1.0.0, true",
      "https://registry.my-company.com/v2/, registry.my-company.com/astromkey/astromkey-operator:1.0.0, true",
      "http://Registry.My-Company.com/v1, registry.my-company.com/a:1, true",
      "registry.my-company.com/astromkey, registry.my-company.com/astromkey/astromkey-operator:1.0.0, true",
      "registry.my-company.com/astro, registry.my-company.com/astromkey/astromkey-operator:1.0.0, false",
      "registry.my-company.com:5000, registry.my-company.com/a:1, false",
      "registry.my-company.com, registry.my-company.com:5000/a:1, false",
      "registry.my-company.com:5000, registry.my-company.com:5000/a:1, true",
      "*.my-company.com, registry.my-company.com/a:1, true",
      "*.my-company.com, a.registry.my-company.com/a:1, false",
      "https://index.docker.io/v1/, busybox:1, true",
      "registry-1.docker.io, library/busybox:1, true",
      "docker.io, quay.io/a/b:1, false",
      "https://, registry.my-company.com/a:1, false"})
  void theSecretIsAttachedOnlyWhenAKeyCoversTheInitImage(String authsKey, String initImage, boolean covered) {
    ClusterFixture fixture = withSource(null, authsKey);

    assertThat(check(fixture, initImage))
        .isEqualTo(covered ? InitImagePullSecret.Verdict.ATTACH : InitImagePullSecret.Verdict.NOT_NEEDED);
  }

  @ParameterizedTest(name = "{0} lists the registry of {1}: {2}")
  @CsvSource({
      "registry.my-company.com, registry.my-company.com/a:1, true",
      "'other.example.com, Registry.My-Company.com', registry.my-company.com/a:1, true",
      "https://index.docker.io/v1/, busybox:1, true",
      "registry.my-company.com:5000, registry.my-company.com/a:1, false",
      "other.example.com, registry.my-company.com/a:1, false"})
  void anUncoveredRegistryMeansNoPullSecretEvenWithAReplica(String uncovered, String initImage, boolean listed) {
    ClusterFixture fixture = withSource(uncovered, "registry.my-company.com");

    assertThat(check(fixture, initImage) == InitImagePullSecret.Verdict.MISSING).isEqualTo(listed);
  }

  private static ClusterFixture withSource(String uncovered, String authsKey) {
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    fixture.put(Secrets.dockerConfig(ClusterFixture.OPERATOR_NAMESPACE,
        ObjectNames.injectionPullSecretSourceName(fixture.dk()), uncovered, authsKey));
    fixture.put(Secrets.dockerConfig("shop", ObjectNames.INJECTION_PULL_SECRET, null, authsKey));
    return fixture;
  }

  private static InitImagePullSecret.Verdict check(ClusterFixture fixture, String initImage) {
    return InitImagePullSecret.check(fixture.dk(), FeatureFlags.of(fixture.dk()), initImage, "shop", fixture);
  }
}
