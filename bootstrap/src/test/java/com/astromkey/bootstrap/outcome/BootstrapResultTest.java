package com.astromkey.bootstrap.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The termination-log line and the exit-code mapping of bootstrap.md §3 and §4. */
class BootstrapResultTest {

  @Test
  void okLine() {
    assertThat(BootstrapResult.ok(Delivery.ZIP, "1.2.3").toJson())
        .isEqualTo("{\"result\":\"ok\",\"delivery\":\"zip\",\"version\":\"1.2.3\",\"reason\":\"\"}");
  }

  @Test
  void failedLineCarriesTheReasonAndAnEmptyDeliveryWhenUnknown() {
    BootstrapResult result = BootstrapResult.failed(null, null, BootstrapException.invalidFlags("bad \"flag\""));

    assertThat(result.toJson())
        .isEqualTo("{\"result\":\"failed\",\"delivery\":\"\",\"version\":\"\",\"reason\":\"bad \\\"flag\\\"\"}");
    assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_FLAGS);
  }

  @Test
  void longReasonsAreCutToFitTheTerminationMessage() {
    BootstrapResult result = BootstrapResult.failed(Delivery.COPY, "", BootstrapException.unavailable("x".repeat(10_000), null));

    assertThat(result.toJson().length()).isLessThan(4096);
  }

  @Test
  void exitCodesAndSuppression() {
    assertThat(ExitCode.OK.processExit(false)).isZero();
    assertThat(ExitCode.UNEXPECTED.processExit(false)).isEqualTo(1);
    assertThat(ExitCode.INVALID_FLAGS.processExit(false)).isEqualTo(2);
    assertThat(ExitCode.CODE_MODULES_UNAVAILABLE.processExit(false)).isEqualTo(3);
    assertThat(ExitCode.UNSAFE_ARCHIVE.processExit(false)).isEqualTo(4);
    assertThat(ExitCode.CONFIG_WRITE_FAILED.processExit(false)).isEqualTo(5);
    for (ExitCode code : ExitCode.values()) {
      assertThat(code.processExit(true)).isZero();
    }
  }
}
