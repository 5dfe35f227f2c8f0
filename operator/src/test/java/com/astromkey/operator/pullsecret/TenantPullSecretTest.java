package com.astromkey.operator.pullsecret;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.ApiUrl;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tenant pull secret of operator.md §5.1: one auths entry for the API host. */
class TenantPullSecretTest {
  static Stream<Arguments> apiUrls() {
    return Stream.of(
        Arguments.of("https://abc12345.live.astromkey.com/api", "abc12345.live.astromkey.com"),
        Arguments.of("https://host/e/env1/api", "host"),
        Arguments.of("https://host:8443/e/env1/api", "host:8443"));
  }

  @ParameterizedTest(name = "{0} → auths key {1}")
  @MethodSource("apiUrls")
  void holdsExactlyOneEntryForTheApiHost(String apiUrl, String expectedKey) throws Exception {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");

    Secret secret = TenantPullSecret.build(dk, ApiUrl.parse(apiUrl), "abc12345", "paas-token");

    JsonNode auths = decode(secret).path("auths");
    assertThat(auths.size()).isEqualTo(1);
    JsonNode entry = auths.path(expectedKey);
    assertThat(entry.path("username").asText()).isEqualTo("abc12345");
    assertThat(entry.path("password").asText()).isEqualTo("paas-token");
    assertThat(new String(Base64.getDecoder().decode(entry.path("auth").asText()))).isEqualTo("abc12345:paas-token");
  }

  @Test
  void isADockerConfigJsonOwnedByTheDynaKube() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");

    Secret secret = TenantPullSecret.build(dk, ApiUrl.parse(dk.getSpec().getApiUrl()), "abc12345", "t");

    assertThat(secret.getType()).isEqualTo(SecretKeys.TYPE_DOCKER_CONFIG_JSON);
    assertThat(secret.getMetadata().getName()).isEqualTo("dynakube-pull-secret");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo("uid-dynakube"));
    assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "astromkey-operator")
        .containsEntry("app.kubernetes.io/created-by", "dynakube").containsEntry("app.kubernetes.io/component", "operator");
  }

  @Test
  void neededForHostModesAndActiveGateOnly() {
    assertThat(TenantPullSecret.needed(Fixtures.dynaKube("dynakube-classic"))).isTrue();
    assertThat(TenantPullSecret.needed(Fixtures.dynaKube("dynakube-host-monitoring"))).isTrue();
    assertThat(TenantPullSecret.needed(Fixtures.dynaKube("dynakube-application-monitoring"))).isFalse();
  }

  static JsonNode decode(Secret secret) throws Exception {
    return new ObjectMapper().readTree(Base64.getDecoder().decode(secret.getData().get(SecretKeys.DOCKER_CONFIG_JSON)));
  }
}
