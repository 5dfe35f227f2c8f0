package com.astromkey.operator.pullsecret;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The least-privilege injection pull secret of operator.md §5.4. */
class InjectionPullSecretTest {
  private static final String OPERATOR_IMAGE = "quay.example.com/astromkey/operator:1.2.3";

  @Test
  void copiesOnlyEntriesOfInitImageRegistries() throws Exception {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    Map<String, Secret> secrets = new HashMap<>();
    secrets.put("my-registry-secret", dockerConfig("{\"auths\":{\"registry.my-company.com\":{\"auth\":\"YTpi\"},"
        + "\"other.example.com\":{\"auth\":\"eDp5\"}}}"));
    secrets.put("helm-secret", dockerConfig("{\"auths\":{\"https://quay.example.com/v1/\":{\"auth\":\"cTpx\"}}}"));

    Secret secret = InjectionPullSecret.build(dk, "helm-secret",
        InjectionPullSecret.initImages(dk, OPERATOR_IMAGE, "helm-secret"), secrets::get);

    var auths = TenantPullSecretTest.decode(secret).path("auths");
    assertThat(auths.fieldNames()).toIterable().containsExactlyInAnyOrder("quay.example.com", "registry.my-company.com");
    assertThat(secret.getMetadata().getAnnotations()).containsKey(Annotations.CONTENT_HASH)
        .doesNotContainKey(Annotations.UNCOVERED_REGISTRIES);
  }

  @Test
  void reportsRegistriesWhoseIntendedSecretIsMissingOrHasNoEntry() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    Map<String, Secret> secrets = Map.of("helm-secret", dockerConfig("{\"auths\":{\"elsewhere.io\":{\"auth\":\"cTpx\"}}}"));

    Secret secret = InjectionPullSecret.build(dk, "helm-secret",
        InjectionPullSecret.initImages(dk, OPERATOR_IMAGE, "helm-secret"), secrets::get);

    assertThat(secret.getMetadata().getAnnotations().get(Annotations.UNCOVERED_REGISTRIES))
        .isEqualTo("quay.example.com,registry.my-company.com");
  }

  @Test
  void neededOnlyForInjectionWithASourceSecretAndReplicationOn() {
    DynaKube cloudNative = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    DynaKube appMon = Fixtures.dynaKube("dynakube-application-monitoring");
    DynaKube classic = Fixtures.dynaKube("dynakube-classic");

    assertThat(InjectionPullSecret.needed(cloudNative, "")).isTrue();
    assertThat(InjectionPullSecret.needed(appMon, "")).isFalse();
    assertThat(InjectionPullSecret.needed(appMon, "helm-secret")).isTrue();
    assertThat(InjectionPullSecret.needed(classic, "helm-secret")).isFalse();
    cloudNative.getMetadata().setAnnotations(Map.of("feature.astromkey.com/replicate-pull-secret", "false"));
    assertThat(InjectionPullSecret.needed(cloudNative, "helm-secret")).isFalse();
  }

  @Test
  void initImagesPairEachImageWithItsIntendedSecret() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");

    assertThat(InjectionPullSecret.initImages(dk, OPERATOR_IMAGE, "helm-secret")).containsExactly(
        new InjectionPullSecret.InitImage(OPERATOR_IMAGE, "helm-secret"),
        new InjectionPullSecret.InitImage("registry.my-company.com/astromkey/astromkey-codemodules:1.301.0",
            "my-registry-secret"));
    assertThat(InjectionPullSecret.initImages(Fixtures.dynaKube("dynakube-application-monitoring"), OPERATOR_IMAGE, ""))
        .extracting(InjectionPullSecret.InitImage::image).isEqualTo(List.of(OPERATOR_IMAGE));
  }

  static Secret dockerConfig(String json) {
    return new SecretBuilder().withType(SecretKeys.TYPE_DOCKER_CONFIG_JSON)
        .withData(Map.of(SecretKeys.DOCKER_CONFIG_JSON,
            Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))).build();
  }
}
