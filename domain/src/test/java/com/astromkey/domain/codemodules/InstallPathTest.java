package com.astromkey.domain.codemodules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The install-path rule shared by the webhook (not injected) and the bootstrap (exit 2), bootstrap.md §1. */
class InstallPathTest {
  @ParameterizedTest
  @ValueSource(strings = {"/opt/astromkey/oneagent-paas", "/a", "/opt/agent-1.2", "/opt/.hidden/a"})
  void accepts(String path) {
    assertThat(InstallPath.problem(path)).isEmpty();
    assertThat(InstallPath.isValid(path)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"|must be absolute",
      "relative/path|must be absolute",
      "/|must not be the root directory",
      "/opt/a b|must not contain whitespace, ',', ':' or NUL",
      "/opt/a\tb|must not contain whitespace, ',', ':' or NUL",
      "/opt/a,b|must not contain whitespace, ',', ':' or NUL",
      "/opt/x:y|must not contain whitespace, ',', ':' or NUL",
      "/opt/|must be a clean path (no '.', '..', '//' or trailing '/')",
      "/opt//a|must be a clean path (no '.', '..', '//' or trailing '/')",
      "/opt/./a|must be a clean path (no '.', '..', '//' or trailing '/')",
      "/opt/../a|must be a clean path (no '.', '..', '//' or trailing '/')",
      "/opt/a/..|must be a clean path (no '.', '..', '//' or trailing '/')"})
  void rejectsWithTheReason(String path, String reason) {
    assertThat(InstallPath.problem(path)).contains(reason);
    assertThat(InstallPath.isValid(path)).isFalse();
  }

  @Test
  void rejectsNulAndNull() {
    assertThat(InstallPath.isValid("/opt/a\0b")).isFalse();
    assertThat(InstallPath.isValid(null)).isFalse();
  }

  @Test
  void libraryIsTheAgentLibraryUnderThePath() {
    assertThat(InstallPath.library(InstallPath.DEFAULT))
        .isEqualTo("/opt/astromkey/oneagent-paas/agent/lib64/liboneagentproc.so");
  }
}
