package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckLineTest {

  @Test
  void printsStatusCheckDetailAndTheHintOnItsOwnLine() {
    assertThat(CheckLine.pass("codeModules manifest", "sha256:x").format())
        .isEqualTo("[PASS] codeModules manifest: sha256:x");
    assertThat(CheckLine.fail("codeModules TLS", "TLS: bad certificate", "add the CA").format())
        .isEqualTo("[FAIL] codeModules TLS: TLS: bad certificate" + System.lineSeparator() + "       fix: add the CA");
  }

  @Test
  void statusesAreOrderedBySeverity() {
    assertThat(CheckLine.Status.FAIL).isGreaterThan(CheckLine.Status.WARN);
    assertThat(CheckLine.Status.WARN).isGreaterThan(CheckLine.Status.PASS);
  }
}
