package com.astromkey.packaging.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorImageTest {

  @Test
  void platformsInFixedOrder() {
    assertThat(OperatorImage.platforms()).extracting(Platform::getOs, Platform::getArchitecture)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("linux", "amd64"), org.assertj.core.groups.Tuple.tuple("linux", "arm64"));
  }

  @Test
  void startsTheLauncherInOperatorModeAsUser1001() {
    assertThat(OperatorImage.ENTRYPOINT).containsExactly("java", "-cp", "/app/libs/*:/app/lib/*", "com.astromkey.launcher.Main");
    assertThat(OperatorImage.CMD).containsExactly("operator");
    assertThat(OperatorImage.USER).isEqualTo("1001:1001");
    assertThat(OperatorImage.labels("1.0.0", "abc", "src")).containsExactly(
        org.assertj.core.api.Assertions.entry("org.opencontainers.image.title", "astromkey-operator"),
        org.assertj.core.api.Assertions.entry("org.opencontainers.image.version", "1.0.0"),
        org.assertj.core.api.Assertions.entry("org.opencontainers.image.revision", "abc"),
        org.assertj.core.api.Assertions.entry("org.opencontainers.image.source", "src"),
        org.assertj.core.api.Assertions.entry("com.astromkey.build-version", "1.0.0"));
  }

  @Test
  void layersInNameOrderWithFixedTimes(@TempDir Path app) throws IOException {
    Files.createDirectories(app.resolve("libs"));
    Files.createDirectories(app.resolve("lib"));
    Files.writeString(app.resolve("libs/zeta-1.jar"), "z");
    Files.writeString(app.resolve("libs/alpha-2.jar"), "a");
    Files.writeString(app.resolve("libs/README"), "not a jar");
    Files.writeString(app.resolve("lib/astromkey-domain-1.0.0.jar"), "d");
    List<FileEntriesLayer> layers = OperatorImage.layers(app);
    assertThat(layers).extracting(FileEntriesLayer::getName).containsExactly("libs", "lib");
    assertThat(layers.get(0).getEntries()).extracting(e -> e.getExtractionPath().toString())
        .containsExactly("/app/libs/alpha-2.jar", "/app/libs/zeta-1.jar");
    assertThat(layers.get(1).getEntries()).extracting(e -> e.getExtractionPath().toString())
        .containsExactly("/app/lib/astromkey-domain-1.0.0.jar");
    assertThat(layers.get(0).getEntries()).extracting(FileEntry::getModificationTime)
        .containsOnly(FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
  }

  @Test
  void buildToolingInLibsIsRefused(@TempDir Path app) throws IOException {
    Files.createDirectories(app.resolve("libs"));
    Files.createDirectories(app.resolve("lib"));
    Files.writeString(app.resolve("libs/jib-core-0.28.1.jar"), "j");
    Files.writeString(app.resolve("lib/astromkey-domain-1.0.0.jar"), "d");
    assertThatThrownBy(() -> OperatorImage.layers(app)).hasMessageContaining("build tooling");
    assertThatThrownBy(() -> OperatorImage.layers(app.resolve("missing"))).hasMessageContaining("mvn -B -pl packaging -am package");
  }
}
