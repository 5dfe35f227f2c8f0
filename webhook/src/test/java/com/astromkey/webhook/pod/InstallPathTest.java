package com.astromkey.webhook.pod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Install paths accepted by the webhook are exactly those the bootstrap accepts (bootstrap.md §1). */
class InstallPathTest {
  @ParameterizedTest
  @ValueSource(strings = {"/opt/astromkey/oneagent-paas", "/a", "/opt/agent-1.2"})
  void accepts(String path) {
    assertThat(InstallPath.isValid(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "relative/path", "/opt/", "/opt//a", "/opt/./a", "/opt/../a", "/opt/a b", "/opt/a\tb",
      "/opt/a,b", "/opt/a:b", "/opt/a\0b"})
  void rejects(String path) {
    assertThat(InstallPath.isValid(path)).isFalse();
  }
}
