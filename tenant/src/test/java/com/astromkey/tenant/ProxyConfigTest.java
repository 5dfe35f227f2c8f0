package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Parsing of {@code spec.proxy}, with credentials kept out of every message. */
class ProxyConfigTest {

  @Test
  void parsesHostPortAndPercentEncodedCredentials() {
    ProxyConfig p = ProxyConfig.parse("http://us%40er:p%3Ass@proxy.local:3128");

    assertThat(p).isEqualTo(new ProxyConfig("proxy.local", 3128, "us@er", "p:ss"));
    assertThat(p.hasCredentials()).isTrue();
    assertThat(new String(Base64.getDecoder().decode(p.basicAuthorization().substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("us@er:p:ss");
  }

  @Test
  void defaultPortsAndNoCredentials() {
    assertThat(ProxyConfig.parse("http://proxy.local")).isEqualTo(new ProxyConfig("proxy.local", 80, "", ""));
    assertThat(ProxyConfig.parse("https://proxy.local").port()).isEqualTo(443);
    assertThat(ProxyConfig.parse("http://proxy.local").hasCredentials()).isFalse();
  }

  @Test
  void invalidUrlsAreRejectedWithoutEchoingThePassword() {
    assertThatThrownBy(() -> ProxyConfig.parse("socks5://u:topsecret@proxy:1080"))
        .hasMessageContaining("http://").hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> ProxyConfig.parse("http://u:top secret@proxy:1080"))
        .hasMessageNotContaining("top secret");
    assertThatThrownBy(() -> ProxyConfig.parse(" ")).hasMessage("proxy URL must not be empty");
  }

  @Test
  void toStringRedactsThePassword() {
    assertThat(ProxyConfig.parse("http://user:topsecret@proxy.local:3128").toString())
        .isEqualTo("ProxyConfig[user:<redacted>@proxy.local:3128]");
  }
}
