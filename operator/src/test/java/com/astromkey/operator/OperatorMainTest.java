package com.astromkey.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Command-line contract of the operator mode for the launcher. */
class OperatorMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpGoesToStdoutWithExitZero() {
    assertThat(run("--help")).isEqualTo(OperatorMain.EXIT_OK);
    assertThat(text(out)).startsWith("usage: astromkey-operator operator");
    assertThat(text(err)).isEmpty();
  }

  @Test
  void anUnexpectedArgumentIsAUsageError() {
    assertThat(run("--bogus")).isEqualTo(OperatorMain.EXIT_USAGE);
    assertThat(text(err)).contains("unexpected argument '--bogus'").contains("usage:");
  }

  @Test
  void anUnusableEnvironmentFailsBeforeConnecting() {
    int code = OperatorMain.run(new String[0], java.util.Map.of("AK_SIGNATURE_MODE", "strict"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(OperatorMain.EXIT_FAILED);
    assertThat(text(err)).isEqualTo("operator: POD_NAMESPACE is not set; the chart sets it from the downward API.\n");
  }

  private int run(String... args) {
    return OperatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
