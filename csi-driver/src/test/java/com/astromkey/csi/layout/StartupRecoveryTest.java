package com.astromkey.csi.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.mount.MountTable;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.sandbox.time.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up recovery of §8 on an empty and on a crashed data dir. */
class StartupRecoveryTest {
  @TempDir Path tmp;
  private final TestClock clock = TestClock.atNow();

  @Test
  void createsTheLayoutOnAnEmptyDataDir() throws Exception {
    DataLayout layout = new DataLayout(tmp);
    assertThat(new StartupRecovery(layout, clock).run(new MountTable(List.of()))).isEmpty();
    assertThat(layout.codemodules()).isDirectory();
    assertThat(layout.dynakubes()).isDirectory();
    assertThat(layout.appmounts()).isDirectory();
    assertThat(layout.work()).isDirectory();
    assertThat(tmp.resolve(".layout-version")).hasContent("1");
  }

  @Test
  void removesWhatAnInterruptedInstallOrRelinkLeft() throws Exception {
    DataLayout layout = new DataLayout(tmp);
    layout.ensure();
    CodeModuleCache cache = new CodeModuleCache(layout, clock);
    Fixtures.installAndLink(cache, "1.2.3", "dk-ok");

    Files.createDirectories(layout.work().resolve("0f3c-uuid/agent"));
    Files.createDirectories(layout.work().resolve("codemodule-download-aaaaaaaaaa/out"));
    Files.createDirectories(layout.work().resolve("codemodule-download-bbbbbbbbbb/out"));
    Files.setLastModifiedTime(layout.work().resolve("codemodule-download-bbbbbbbbbb"),
        FileTime.from(clock.instant().minus(Duration.ofMinutes(11))));
    Files.createDirectories(layout.codemodule("sha256-partial").resolve("agent"));
    Files.createDirectories(layout.dynakube("dk-broken"));
    Files.createSymbolicLink(layout.latestLink("dk-broken"), Path.of("../../codemodules/gone"));
    Files.createSymbolicLink(layout.dynakube("dk-ok").resolve("latest-codemodule.tmp"), Path.of("../../codemodules/gone"));

    List<String> removed = new StartupRecovery(layout, clock).run(new MountTable(List.of()));

    assertThat(removed).containsExactlyInAnyOrder("work/0f3c-uuid", "work/codemodule-download-bbbbbbbbbb", "codemodules/sha256-partial",
        "_dynakubes/dk-broken/latest-codemodule", "_dynakubes/dk-ok/latest-codemodule.tmp");
    assertThat(layout.work().resolve("codemodule-download-aaaaaaaaaa")).isDirectory();
    assertThat(cache.latest("dk-ok")).isPresent();
  }
}
