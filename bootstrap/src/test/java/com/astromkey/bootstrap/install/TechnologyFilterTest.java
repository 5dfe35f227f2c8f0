package com.astromkey.bootstrap.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.bootstrap.log.JsonLog;
import com.astromkey.tenant.Arch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files the technology filter of bootstrap.md §2.3 selects from a manifest. */
class TechnologyFilterTest {
  @TempDir Path source;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final JsonLog log = new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), false, Clock.systemUTC());

  private void manifest(String json) throws IOException {
    Files.writeString(source.resolve("manifest.json"), json);
  }

  @Test
  void selectsTheArchFilesOfTheRequestedTechnologiesPlusTheAlwaysIncludedOnes() throws IOException {
    manifest("{\"version\":\"1\",\"technologies\":{\"java\":{\"x86\":[{\"path\":\"./agent/java/x86.so\"}],"
        + "\"arm\":[{\"path\":\"agent/java/arm.so\"}]},\"php\":{\"x86\":[{\"path\":\"agent/php/x86.so\"}]}}}");

    TechnologyFilter filter = TechnologyFilter.of(source, List.of("java", "go"), Arch.X86, log);

    assertThat(filter.copiesEverything()).isFalse();
    assertThat(filter.includes("agent/java/x86.so")).isTrue();
    assertThat(filter.includes("agent/java/arm.so")).isFalse();
    assertThat(filter.includes("agent/php/x86.so")).isFalse();
    assertThat(filter.includes("agent/lib64/liboneagentproc.so")).isTrue();
    assertThat(filter.includes("agent/conf/deep/any.conf")).isTrue();
    assertThat(filter.includes("manifest.json")).isTrue();
    assertThat(filter.includes("agent/lib/liboneagentproc.so")).isFalse();
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains("unknown technology ignored", "\"technology\":\"go\"");
  }

  @Test
  void allMissingOrListOnlyManifestsCopyEverything() throws IOException {
    assertThat(TechnologyFilter.of(source, List.of(), Arch.X86, log).copiesEverything()).isTrue();
    assertThat(TechnologyFilter.of(source, List.of("java"), Arch.X86, log).copiesEverything()).isTrue();
    // the sandbox's test images carry a plain list of names
    manifest("{\"version\":\"1\",\"technologies\":[\"java\",\"php\"]}");
    assertThat(TechnologyFilter.of(source, List.of("java"), Arch.X86, log).copiesEverything()).isTrue();
    manifest("{not json");
    assertThat(TechnologyFilter.of(source, List.of("java"), Arch.X86, log).copiesEverything()).isTrue();
  }
}
