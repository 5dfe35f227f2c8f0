package com.astromkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The launcher contract of {@link WebhookMain#run}: usage and configuration errors, before anything starts. */
class WebhookMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpPrintsUsageAndExitsZero() {
    int code = WebhookMain.run(new String[] {"--help"}, Map.of(), print(out), print(err), new CountDownLatch(0));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: astromkey-operator webhook");
  }

  @Test
  void missingEnvironmentExitsTwoNamingEveryProblem() {
    int code = WebhookMain.run(new String[] {"--certs-dir=/tmp/x", "--bogus"}, Map.of(), print(out), print(err),
        new CountDownLatch(0));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("POD_NAMESPACE", "AK_OPERATOR_IMAGE", "--bogus", "Usage:");
  }

  private static PrintStream print(ByteArrayOutputStream buffer) {
    return new PrintStream(buffer, true, StandardCharsets.UTF_8);
  }
}
