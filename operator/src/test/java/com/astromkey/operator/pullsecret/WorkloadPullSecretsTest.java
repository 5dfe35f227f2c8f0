package com.astromkey.operator.pullsecret;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.operator.testing.Fixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Order and deduplication of the workload pull secrets (operator.md §5.2). */
class WorkloadPullSecretsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("all three, in keychain order", "my-registry-secret", "helm-secret",
            List.of("my-registry-secret", "helm-secret", "dynakube-pull-secret")),
        Arguments.of("no helm secret", "my-registry-secret", "", List.of("my-registry-secret", "dynakube-pull-secret")),
        Arguments.of("no custom secret", null, "helm-secret", List.of("helm-secret", "dynakube-pull-secret")),
        Arguments.of("only the tenant secret", "", "", List.of("dynakube-pull-secret")),
        Arguments.of("duplicates collapse", "shared", "shared", List.of("shared", "dynakube-pull-secret")),
        Arguments.of("custom named like the tenant one", "dynakube-pull-secret", "", List.of("dynakube-pull-secret")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ordersAndDeduplicates(String title, String custom, String helm, List<String> expected) {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    dk.getSpec().setCustomPullSecret(custom);

    assertThat(WorkloadPullSecrets.names(dk, helm)).containsExactlyElementsOf(expected);
  }
}
