package com.astromkey.operator.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.proxy.ProxyUrl;
import com.astromkey.operator.kube.SecretData;
import com.astromkey.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The internal proxy Secret and the status hash of the proxy URL. */
class ProxySecretTest {
  @ParameterizedTest
  @CsvSource(value = {
      "http://proxy.corp:3128, http, proxy.corp, 3128, '', ''",
      "http://user:secret@proxy.corp:8080, http, proxy.corp, 8080, user, secret",
      "https://proxy.corp, https, proxy.corp, 443, '', ''"})
  void splitsTheUrlIntoTheAgentKeys(String url, String scheme, String host, String port, String user, String password) {
    Secret secret = ProxySecret.build(Fixtures.dynaKube("dynakube-host-monitoring"), ProxyUrl.parse(url));

    assertThat(SecretData.decode(secret.getData().get("scheme"))).isEqualTo(scheme);
    assertThat(SecretData.decode(secret.getData().get("host"))).isEqualTo(host);
    assertThat(SecretData.decode(secret.getData().get("port"))).isEqualTo(port);
    assertThat(SecretData.decode(secret.getData().get("username"))).isEqualTo(user);
    assertThat(SecretData.decode(secret.getData().get("password"))).isEqualTo(password);
    assertThat(secret.getMetadata().getName()).isEqualTo("hostmon-internal-proxy");
  }

  @ParameterizedTest
  @CsvSource({"http://proxy.corp:3128", "http://other:1"})
  void statusHashIsSixteenHexCharactersOfTheUrl(String url) {
    assertThat(ProxySecret.urlHash(url)).hasSize(16).matches("[0-9a-f]+").isNotEqualTo(ProxySecret.urlHash(url + "0"));
  }
}
