package com.astromkey.domain.feature;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags.InvalidValue;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FeatureFlagsTest {
  private static final String P = "feature.astromkey.com/";

  private static FeatureFlags flags(Map<String, String> annotations) {
    DynaKube dk = new DynaKube();
    dk.setMetadata(new ObjectMetaBuilder().withName("dk").withNamespace("astromkey").withAnnotations(annotations).build());
    return FeatureFlags.of(dk);
  }

  @Test
  void defaultsWithoutAnnotations() {
    FeatureFlags flags = flags(null);

    assertThat(flags.nodeImagePull()).isFalse();
    assertThat(flags.automaticInjection()).isTrue();
    assertThat(flags.ignoredNamespaces()).containsExactly("^astromkey$", "^kube-.*");
    assertThat(flags.injectionFailurePolicy()).isEqualTo(InjectionFailurePolicy.SILENT);
    assertThat(flags.maxCsiMountTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(flags.oneAgentInitialConnectRetryMs()).isEqualTo(-1);
    assertThat(flags.oneAgentPrivileged()).isFalse();
    assertThat(flags.oneAgentSkipLivenessProbe()).isFalse();
    assertThat(flags.activeGateUpdates()).isTrue();
    assertThat(flags.noProxy()).isEmpty();
    assertThat(flags.replicatePullSecret()).isTrue();
    assertThat(flags.signatureVerification()).isEmpty();
    assertThat(flags.technologies()).isEqualTo("all");
    assertThat(flags.excludedContainers()).isEmpty();
    assertThat(flags.invalidValues()).isEmpty();
    assertThat(flags.unknownKeys()).isEmpty();
    assertThat(flags.deprecatedFlags()).isEmpty();
    assertThat(flags.laterFlags()).isEmpty();
  }

  @Test
  void readsEverySupportedFlag() {
    FeatureFlags flags = flags(Map.ofEntries(
        Map.entry(P + "node-image-pull", "true"),
        Map.entry(P + "automatic-injection", "FALSE"),
        Map.entry(P + "ignored-namespaces", "[\"^openshift-.*\", \"^istio-system$\"]"),
        Map.entry(P + "injection-failure-policy", "fail"),
        Map.entry(P + "max-csi-mount-timeout", "2m30s"),
        Map.entry(P + "oneagent-initial-connect-retry-ms", "6000"),
        Map.entry(P + "oneagent-privileged", "true"),
        Map.entry(P + "oneagent-skip-liveness-probe", "true"),
        Map.entry(P + "activegate-updates", "false"),
        Map.entry(P + "no-proxy", "a.example.com,b.example.com"),
        Map.entry(P + "replicate-pull-secret", "false"),
        Map.entry(P + "signature-verification", "enforce"),
        Map.entry("oneagent.astromkey.com/technologies", "java,nodejs"),
        Map.entry("container.inject.astromkey.com/sidecar", "false"),
        Map.entry("container.inject.astromkey.com/app", "true")));

    assertThat(flags.nodeImagePull()).isTrue();
    assertThat(flags.automaticInjection()).isFalse();
    assertThat(flags.ignoredNamespaces()).containsExactly("^openshift-.*", "^istio-system$");
    assertThat(flags.injectionFailurePolicy()).isEqualTo(InjectionFailurePolicy.FAIL);
    assertThat(flags.maxCsiMountTimeout()).isEqualTo(Duration.ofSeconds(150));
    assertThat(flags.oneAgentInitialConnectRetryMs()).isEqualTo(6000);
    assertThat(flags.oneAgentPrivileged()).isTrue();
    assertThat(flags.oneAgentSkipLivenessProbe()).isTrue();
    assertThat(flags.activeGateUpdates()).isFalse();
    assertThat(flags.noProxy()).isEqualTo("a.example.com,b.example.com");
    assertThat(flags.replicatePullSecret()).isFalse();
    assertThat(flags.signatureVerification()).contains(SignatureMode.ENFORCE);
    assertThat(flags.technologies()).isEqualTo("java,nodejs");
    assertThat(flags.excludedContainers()).containsExactly("sidecar");
    assertThat(flags.invalidValues()).isEmpty();
  }

  @Test
  void ignoredNamespacesMatchByRegexSearch() {
    FeatureFlags flags = flags(null);

    assertThat(flags.isIgnoredNamespace("astromkey")).isTrue();
    assertThat(flags.isIgnoredNamespace("kube-system")).isTrue();
    assertThat(flags.isIgnoredNamespace("astromkey-apps")).isFalse();
    assertThat(flags.isIgnoredNamespace("shop")).isFalse();
  }

  @Test
  void mountTimeoutIsClampedToOneHour() {
    assertThat(flags(Map.of(P + "max-csi-mount-timeout", "3h")).maxCsiMountTimeout()).isEqualTo(Duration.ofHours(1));
  }

  static Stream<Arguments> valuesNotUnderstood() {
    return Stream.of(
        Arguments.of("node-image-pull", "yes", "false"),
        Arguments.of("automatic-injection", "", "true"),
        Arguments.of("ignored-namespaces", "^kube-.*", "[\"^astromkey$\",\"^kube-.*\"]"),
        Arguments.of("ignored-namespaces", "[\"(unclosed\"]", "[\"^astromkey$\",\"^kube-.*\"]"),
        Arguments.of("ignored-namespaces", "[1]", "[\"^astromkey$\",\"^kube-.*\"]"),
        Arguments.of("injection-failure-policy", "loud", "silent"),
        Arguments.of("max-csi-mount-timeout", "10", "10m"),
        Arguments.of("max-csi-mount-timeout", "0s", "10m"),
        Arguments.of("oneagent-initial-connect-retry-ms", "-2", "-1"),
        Arguments.of("oneagent-initial-connect-retry-ms", "soon", "-1"),
        Arguments.of("oneagent-privileged", "1", "false"),
        Arguments.of("oneagent-skip-liveness-probe", "on", "false"),
        Arguments.of("activegate-updates", "never", "true"),
        Arguments.of("replicate-pull-secret", "no", "true"),
        Arguments.of("signature-verification", "strict", "Helm signatureVerification.mode"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("valuesNotUnderstood")
  void valueNotUnderstoodFallsBackToTheDefault(String name, String value, String defaultText) {
    FeatureFlags flags = flags(Map.of(P + name, value));

    assertThat(flags.invalidValues()).singleElement().satisfies(invalid -> {
      assertThat(invalid.flag().key()).isEqualTo(P + name);
      assertThat(invalid.value()).isEqualTo(value);
      assertThat(invalid.defaultValue()).isEqualTo(defaultText);
    });
    FeatureFlags defaults = flags(null);
    assertThat(flags.nodeImagePull()).isEqualTo(defaults.nodeImagePull());
    assertThat(flags.ignoredNamespaces()).isEqualTo(defaults.ignoredNamespaces());
    assertThat(flags.maxCsiMountTimeout()).isEqualTo(defaults.maxCsiMountTimeout());
    assertThat(flags.signatureVerification()).isEqualTo(defaults.signatureVerification());
  }

  @Test
  void classifiesUnknownDeprecatedAndLaterKeys() {
    FeatureFlags flags = flags(Map.of(
        P + "made-up", "true",
        P + "another-one", "x",
        P + "max-csi-mount-attempts", "5",
        P + "oneagent-ignore-proxy", "true",
        P + "use-public-registry", "true",
        P + "enable-attributes-ak.kubernetes", "true",
        "unrelated.example.com/flag", "true"));

    assertThat(flags.unknownKeys()).containsExactly(P + "another-one", P + "made-up");
    assertThat(flags.deprecatedFlags())
        .containsExactly(FeatureFlag.MAX_CSI_MOUNT_ATTEMPTS, FeatureFlag.ONEAGENT_IGNORE_PROXY);
    assertThat(flags.laterFlags())
        .containsExactly(FeatureFlag.USE_PUBLIC_REGISTRY, FeatureFlag.ENABLE_ATTRIBUTES_AK_KUBERNETES);
    assertThat(flags.invalidValues()).extracting(InvalidValue::flag).isEmpty();
    assertThat(FeatureFlag.MAX_CSI_MOUNT_ATTEMPTS.replacementHint())
        .isEqualTo("use feature.astromkey.com/max-csi-mount-timeout instead");
  }
}
