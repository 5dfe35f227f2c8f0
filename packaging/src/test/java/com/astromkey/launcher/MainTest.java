package com.astromkey.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mode dispatch, usage and exit codes of the launcher (spec README §4). */
class MainTest {
  static final List<String> ALL_MODES = List.of("operator", "webhook", "csi-server", "csi-provisioner", "csi-registrar",
      "csi-liveness", "csi-init", "bootstrap", "troubleshoot", "mirror", "verify", "validate");

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return Main.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() { return out.toString(StandardCharsets.UTF_8); }
  String err() { return err.toString(StandardCharsets.UTF_8); }

  @Test
  void helpListsEveryModeOnStdoutAndExitsZero() {
    for (String help : new String[] {"--help", "help", "-h"}) {
      out.reset();
      assertThat(run(help)).isZero();
      for (String mode : ALL_MODES) {
        assertThat(out()).contains("\n  " + mode + " ");
      }
    }
    assertThat(err()).isEmpty();
  }

  @Test
  void exactlyTheTwelveModesOfTheSpec() {
    assertThat(Main.standard().modeNames()).containsExactlyElementsOf(ALL_MODES);
  }

  @Test
  void noArgumentPrintsUsageOnStderrAndExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err()).contains("Usage: astromkey-operator <mode>");
    assertThat(out()).isEmpty();
  }

  @Test
  void unknownModeNamesItAndExitsTwo() {
    assertThat(run("reconcile")).isEqualTo(2);
    assertThat(err()).contains("unknown mode 'reconcile'").contains("Usage:");
  }

  @Test
  void aModeThatThisBuildLacksSaysSoAndFails() {
    Main main = new Main(List.of(new UnavailableMode("mirror", "copy images")));
    int code = main.run(new String[] {"mirror", "--src", "a"}, new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(UnavailableMode.EXIT_NOT_AVAILABLE);
    assertThat(err()).contains("mode 'mirror' is not available in this build");
  }

  @Test
  void aFailingModeGivesOneLineWithoutStackTrace() {
    Mode broken = new Mode() {
      public String name() { return "broken"; }
      public String summary() { return "fails"; }
      public int run(String[] args, PrintStream o, PrintStream e) { throw new IllegalStateException("disk full"); }
    };
    int code = new Main(List.of(broken)).run(new String[] {"broken"}, new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("astromkey-operator broken: disk full" + System.lineSeparator());
  }

  @Test
  void theNamedLoggingProviderIsTheOneOnTheRuntimeClassPath() throws Exception {
    assertThat(org.slf4j.spi.SLF4JServiceProvider.class.isAssignableFrom(Class.forName(Main.SHIPPED_SLF4J_PROVIDER)))
        .isTrue();
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(Main.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
