package com.astromkey.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

  private int run(String... args) {
    return OperatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
