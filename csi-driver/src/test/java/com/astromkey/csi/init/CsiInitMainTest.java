package com.astromkey.csi.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The csi-init entry point against a temp data dir. */
class CsiInitMainTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return CsiInitMain.run(args, Map.of("AK_CSI_DATA_DIR", tmp.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void preparesTheDataDirAndRemovesLeftovers() throws Exception {
    Files.createDirectories(tmp.resolve("work/3c1d-partial"));
    assertThat(run()).isZero();
    assertThat(tmp.resolve(".layout-version")).hasContent("1");
    assertThat(tmp.resolve("work")).isEmptyDirectory();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("removed 1 leftovers: work/3c1d-partial");
    assertThat(run()).isZero();
  }

  @Test
  void takesNoArguments() {
    assertThat(run("--data-dir=/x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: csi-init");
  }
}
