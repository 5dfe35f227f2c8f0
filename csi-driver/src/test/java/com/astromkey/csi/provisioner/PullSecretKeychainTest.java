package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.oci.keychain.DynaKubePullSecrets;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.KeychainEntry;
import com.astromkey.oci.keychain.SecretStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keychain merge order of operator.md §5.2: customPullSecret, Helm secret, tenant secret; first match wins. */
class PullSecretKeychainTest {
  private static DynaKube dk(String customPullSecret) {
    Map<String, String> values = new HashMap<>(Map.of("NAME", "dynakube", "IMAGE", "registry.example.com/cm:1"));
    if (customPullSecret != null) values.put("PULL_SECRET", customPullSecret);
    return DynaKubeFixtures.load("dynakube-cloudnative-private-registry", values);
  }

  @Test
  void orderIsCustomThenHelmThenTenantSecret() {
    assertThat(PullSecretKeychain.secretNames(dk("custom"), Optional.of("helm")))
        .containsExactly("custom", "helm", "dynakube-pull-secret");
    assertThat(PullSecretKeychain.secretNames(dk(null), Optional.empty())).containsExactly("dynakube-pull-secret");
  }

  @Test
  void duplicateNamesAreReadOnce() {
    assertThat(PullSecretKeychain.secretNames(dk("shared"), Optional.of("shared"))).containsExactly("shared", "dynakube-pull-secret");
    assertThat(PullSecretKeychain.secretNames(dk("dynakube-pull-secret"), Optional.empty())).containsExactly("dynakube-pull-secret");
  }

  @Test
  void firstSecretWinsForTheSameRegistryAndMissingOnesAreSkipped() {
    Map<String, Secret> cluster = Map.of(
        "custom", DynaKubeFixtures.dockerConfigSecret("custom", "registry.example.com", "alice", "a"),
        "dynakube-pull-secret", DynaKubeFixtures.dockerConfigSecret("dynakube-pull-secret", "registry.example.com", "tenant", "t"));

    Keychain keychain = PullSecretKeychain.keychain(dk("custom"), Optional.of("helm"), cluster::get);

    List<KeychainEntry> candidates = keychain.candidates("registry.example.com", "cm");
    assertThat(candidates).extracting(KeychainEntry::secretName).containsExactly("custom", "dynakube-pull-secret");
    assertThat(keychain.statuses()).extracting(SecretStatus::name).containsExactly("custom", "helm", "dynakube-pull-secret");
    assertThat(keychain.statuses()).extracting(SecretStatus::state)
        .containsExactly(SecretStatus.State.USABLE, SecretStatus.State.MISSING, SecretStatus.State.USABLE);
  }

  @Test
  void helmSecretCoversARegistryTheOthersDoNot() {
    Map<String, Secret> cluster = Map.of(
        "helm", DynaKubeFixtures.dockerConfigSecret("helm", "mirror.example.com", "ops", "o"),
        "dynakube-pull-secret", DynaKubeFixtures.dockerConfigSecret("dynakube-pull-secret", "tenant.example.com", "tenant", "t"));

    Keychain keychain = PullSecretKeychain.keychain(dk(null), Optional.of("helm"), cluster::get);

    assertThat(keychain.candidates("mirror.example.com", "cm")).extracting(KeychainEntry::secretName).containsExactly("helm");
    assertThat(keychain.candidates("other.example.com", "cm")).isEmpty();
  }

  @Test
  void stringDataOfAnUnsavedSecretIsReadToo() {
    Secret s = DynaKubeFixtures.dockerConfigSecret("custom", "registry.example.com", "alice", "a");
    String json = new String(java.util.Base64.getDecoder().decode(s.getData().get(".dockerconfigjson")));
    s.setData(null);
    s.setStringData(Map.of(".dockerconfigjson", json));
    assertThat(DynaKubePullSecrets.fromSecret("custom", s).data()).containsKey(".dockerconfigjson");
    assertThat(DynaKubePullSecrets.fromSecret("gone", null).exists()).isFalse();
  }
}
