package com.astromkey.csi.layout;

import static com.astromkey.csi.testing.Fixtures.DIGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.csi.testing.Fixtures;
import com.astromkey.sandbox.time.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic, single-flight installs into the cache and latest-link handling. */
class CodeModuleCacheTest {
  @TempDir Path tmp;
  private DataLayout layout;
  private CodeModuleCache cache;
  private final TestClock clock = TestClock.atNow();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void setUp() throws IOException {
    layout = new DataLayout(tmp);
    layout.ensure();
    cache = new CodeModuleCache(layout, clock);
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void installsThroughAWorkDirAndWritesMetadata() throws Exception {
    Fixtures.install(cache, DIGEST_KEY, "v1");
    Path dir = layout.codemodule(DIGEST_KEY);
    assertThat(dir.resolve(DataLayout.REQUIRED_LIBRARY)).exists();
    CodeModuleMeta meta = cache.meta(DIGEST_KEY).orElseThrow();
    assertThat(meta.key()).isEqualTo(DIGEST_KEY);
    assertThat(meta.source()).isEqualTo("image");
    assertThat(meta.installedAt()).isEqualTo(clock.instant());
    assertThat(meta.sizeBytes()).isEqualTo(5); // "ELF" + "v1"
    assertThat(layout.work()).isEmptyDirectory();
    assertThat(cache.isInstalled(DIGEST_KEY)).isTrue();
  }

  @Test
  void secondInstallOfAKeyIsANoOp() throws Exception {
    Fixtures.install(cache, DIGEST_KEY, "v1");
    CodeModuleCache.InstallResult again = cache.ensureInstalled(DIGEST_KEY, work -> {
      throw new AssertionError("must not run");
    });
    assertThat(again.outcome()).isEqualTo(CodeModuleCache.Outcome.ALREADY_PRESENT);
  }

  @Test
  void treeWithoutTheAgentLibraryIsRejectedAndLeavesNothing() {
    assertThatThrownBy(() -> cache.ensureInstalled("1.2.3", work -> {
      Files.writeString(work.resolve("README"), "not code modules");
      return new CodeModuleOrigin("zip", null, null, null, "1.2.3", null, null);
    })).isInstanceOf(InvalidCodeModulesException.class).hasMessageContaining(DataLayout.REQUIRED_LIBRARY);
    assertThat(layout.codemodules()).isEmptyDirectory();
    assertThat(layout.work()).isEmptyDirectory();
  }

  @Test
  void failingInstallerLeavesNoPartialTree() {
    assertThatThrownBy(() -> cache.ensureInstalled(DIGEST_KEY, work -> {
      Files.writeString(work.resolve("half"), "x");
      throw new IOException("connection reset");
    })).hasMessage("connection reset");
    assertThat(layout.codemodules()).isEmptyDirectory();
    assertThat(layout.work()).isEmptyDirectory();
  }

  @Test
  void concurrentInstallsOfOneKeyShareOneRun() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    CodeModuleSource slow = work -> {
      runs.incrementAndGet();
      started.countDown();
      try {
        proceed.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      Path lib = work.resolve(DataLayout.REQUIRED_LIBRARY);
      Files.createDirectories(lib.getParent());
      Files.writeString(lib, "ELF");
      return new CodeModuleOrigin("image", null, null, null, null, null, null);
    };
    Future<CodeModuleCache.InstallResult> first = pool.submit(() -> cache.ensureInstalled(DIGEST_KEY, slow));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Future<CodeModuleCache.InstallResult> second = pool.submit(() -> cache.ensureInstalled(DIGEST_KEY, slow));
    Thread.sleep(100);
    assertThat(cache.workDirsInUse()).hasSize(1);
    proceed.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(CodeModuleCache.Outcome.INSTALLED);
    assertThat(second.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(CodeModuleCache.Outcome.SHARED);
    assertThat(runs).hasValue(1);
  }

  @Test
  void relinkReplacesTheLatestLinkAtomicallyAndLatestResolvesIt() throws Exception {
    assertThat(cache.latest("dk")).isEmpty();
    Fixtures.installAndLink(cache, DIGEST_KEY, "dk");
    assertThat(Files.readSymbolicLink(layout.latestLink("dk"))).isEqualTo(Path.of("../../codemodules/" + DIGEST_KEY));
    assertThat(cache.latest("dk").orElseThrow().dir()).isEqualTo(layout.codemodule(DIGEST_KEY));

    Fixtures.install(cache, "1.2.3", "zip");
    cache.relink("dk", "1.2.3");
    assertThat(cache.latest("dk").orElseThrow().key()).isEqualTo("1.2.3");
    assertThat(layout.dynakube("dk").resolve("latest-codemodule.tmp")).doesNotExist();

    cache.unlink("dk");
    assertThat(cache.latest("dk")).isEmpty();
  }

  @Test
  void latestIgnoresLinksThatLeaveTheCacheOrPointAtNothing() throws Exception {
    Files.createDirectories(layout.dynakube("dk"));
    Files.createSymbolicLink(layout.latestLink("dk"), Path.of("/etc"));
    assertThat(cache.latest("dk")).isEmpty();
    Files.delete(layout.latestLink("dk"));
    Files.createSymbolicLink(layout.latestLink("dk"), Path.of("../../codemodules/missing"));
    assertThat(cache.latest("dk")).isEmpty();
  }

  @Test
  void lastUsedIsTheLaterOfInstallAndPublish() throws Exception {
    Fixtures.install(cache, DIGEST_KEY, "v1");
    java.time.Instant installed = clock.instant();
    assertThat(cache.lastUsed(DIGEST_KEY)).isAfterOrEqualTo(installed);
    clock.advance(Duration.ofHours(2));
    cache.recordPublish(DIGEST_KEY);
    assertThat(cache.lastUsed(DIGEST_KEY)).isEqualTo(clock.instant());
  }

  @Test
  void rejectsKeysThatAreNotSinglePathElements() {
    assertThatThrownBy(() -> layout.codemodule("../etc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> layout.codemodule("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> layout.appmount("..")).isInstanceOf(IllegalArgumentException.class);
  }
}
