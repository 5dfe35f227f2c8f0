package com.astromkey.oci.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every §8 rule on in-memory layers, whiteouts, modes and the atomic install directory. */
class LayerExtractorTest {

  private static final String SUB = "opt/astromkey/oneagent/";

  @TempDir
  Path parent;

  private Path work() throws IOException {
    return Files.createDirectories(parent.resolve("work"));
  }

  private LayerExtractor extractor(Path work) {
    return new LayerExtractor(work, SUB, ExtractionLimits.DEFAULT);
  }

  private static void apply(LayerExtractor x, byte[] layer) throws IOException {
    x.apply(new ByteArrayInputStream(layer), "application/vnd.oci.image.layer.v1.tar+gzip", "sha256:test");
  }

  @Test
  void subtreeIsStrippedAndOutsideEntriesDiscarded() throws Exception {
    Path work = work();
    LayerExtractor x = extractor(work);
    apply(x, new TarFixture().dir("opt/").dir("opt/astromkey/oneagent/")
        .file("opt/astromkey/oneagent/agent/lib64/liboneagentproc.so", "so", 04755)
        .file("./opt/astromkey/oneagent/manifest.json", "{}")
        .file("etc/passwd", "root").gzip());
    x.finish();

    assertThat(work.resolve("agent/lib64/liboneagentproc.so")).hasContent("so");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("agent/lib64/liboneagentproc.so"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(work.resolve("manifest.json")).exists();
    assertThat(work.resolve("etc")).doesNotExist();
    assertThat(work.resolve("passwd")).doesNotExist();
  }

  static Stream<String> namesOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  private void assertRejected(byte[] layer, String rule) throws IOException {
    Path work = work();
    List<String> before = namesOf(parent).toList();
    assertThatThrownBy(() -> apply(extractor(work), layer))
        .isInstanceOfSatisfying(UnsafeLayerEntryException.class, e -> assertThat(e.rule()).isEqualTo(rule));
    assertThat(namesOf(parent).toList()).isEqualTo(before);
  }

  @Test
  void absolutePathRejected() throws Exception {
    assertRejected(new TarFixture().file("/opt/astromkey/oneagent/x", "x").gzip(), ExtractionRules.ABSOLUTE_PATH);
  }

  @Test
  void dotDotRejectedEvenOutsideTheSubtree() throws Exception {
    assertRejected(new TarFixture().file("opt/astromkey/oneagent/../../../../evil", "x").gzip(),
        ExtractionRules.PARENT_TRAVERSAL);
    assertRejected(new TarFixture().file("a/../b", "x").gzip(), ExtractionRules.PARENT_TRAVERSAL);
  }

  @Test
  void symlinkEscapesRejected() throws Exception {
    assertRejected(new TarFixture().symlink(SUB + "link", "../../../../../etc").gzip(), ExtractionRules.SYMLINK_ESCAPE);
    assertRejected(new TarFixture().symlink(SUB + "link", "/etc/passwd").gzip(), ExtractionRules.SYMLINK_ESCAPE);
    assertRejected(new TarFixture().symlink(SUB + "a/link", "../../x").gzip(), ExtractionRules.SYMLINK_ESCAPE);
  }

  @Test
  void symlinksInsideAreCreatedAsGiven() throws Exception {
    Path work = work();
    LayerExtractor x = extractor(work);
    apply(x, new TarFixture().file(SUB + "lib/real.so", "r").symlink(SUB + "lib/alias.so", "real.so")
        .symlink(SUB + "abs", "/opt/astromkey/oneagent/lib").gzip());

    assertThat(Files.readSymbolicLink(work.resolve("lib/alias.so")).toString()).isEqualTo("real.so");
    assertThat(Files.readSymbolicLink(work.resolve("abs")).toString()).isEqualTo("/opt/astromkey/oneagent/lib");
  }

  @Test
  void writingThroughAParentSymlinkRejected() throws Exception {
    Path outside = Files.createDirectories(parent.resolve("outside"));
    Path work = work();
    // first layer plants a symlink pointing inside the tree; the write through it must still be refused
    apply(extractor(work), new TarFixture().dir(SUB + "real").symlink(SUB + "dir", "real").gzip());
    assertThatThrownBy(() -> apply(extractor(work), new TarFixture().file(SUB + "dir/x", "x").gzip()))
        .isInstanceOfSatisfying(UnsafeLayerEntryException.class,
            e -> assertThat(e.rule()).isEqualTo(ExtractionRules.PARENT_SYMLINK));
    assertThat(namesOf(outside).toList()).isEmpty();
    assertThat(work.resolve("real/x")).doesNotExist();
  }

  @Test
  void hardLinkEscapesRejected() throws Exception {
    assertRejected(new TarFixture().hardlink(SUB + "shadow", "etc/shadow").gzip(), ExtractionRules.HARDLINK_ESCAPE);
    assertRejected(new TarFixture().hardlink(SUB + "shadow", "/etc/shadow").gzip(), ExtractionRules.HARDLINK_ESCAPE);
    assertRejected(new TarFixture().hardlink(SUB + "shadow", SUB + "../../../etc/shadow").gzip(),
        ExtractionRules.HARDLINK_ESCAPE);
    assertRejected(new TarFixture().hardlink(SUB + "x", SUB + "not-yet").gzip(), ExtractionRules.HARDLINK_ESCAPE);
  }

  @Test
  void hardLinkToExtractedFileWorks() throws Exception {
    Path work = work();
    apply(extractor(work), new TarFixture().file(SUB + "a", "data").hardlink(SUB + "b", SUB + "a").gzip());

    assertThat(work.resolve("b")).hasContent("data");
    assertThat(Files.isSameFile(work.resolve("a"), work.resolve("b"))).isTrue();
  }

  @Test
  void devicesAndFifosRejected() throws Exception {
    assertRejected(new TarFixture().special(SUB + "null", TarConstants.LF_CHR).gzip(), ExtractionRules.DEVICE_OR_FIFO);
    assertRejected(new TarFixture().special(SUB + "sda", TarConstants.LF_BLK).gzip(), ExtractionRules.DEVICE_OR_FIFO);
    assertRejected(new TarFixture().special(SUB + "fifo", TarConstants.LF_FIFO).gzip(), ExtractionRules.DEVICE_OR_FIFO);
  }

  @Test
  void nulAndOverlongNamesRejected() throws Exception {
    // a NUL can only travel in a PAX path (ustar names end at the first NUL), hence the long name
    assertRejected(new TarFixture().file(SUB + "a\0b" + "c".repeat(120), "x").gzip(), ExtractionRules.NUL_IN_NAME);
    assertRejected(new TarFixture().file(SUB + "n".repeat(5000), "x").gzip(), ExtractionRules.NAME_TOO_LONG);
  }

  @Test
  void gzipBombStopsAtTheByteLimit() throws Exception {
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bomb)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros); // 64 MiB of zeros is an endless run of empty tar records
      }
    }
    Path work = work();
    LayerExtractor x = new LayerExtractor(work, SUB, new ExtractionLimits(8 << 20, 500_000));
    assertThatThrownBy(() -> apply(x, new TarFixture().file(SUB + "big", "z".repeat(1 << 20)).file(SUB + "big2",
        "z".repeat(8 << 20)).gzip()))
        .isInstanceOfSatisfying(UnsafeLayerEntryException.class,
            e -> assertThat(e.rule()).isEqualTo(ExtractionRules.TOO_MANY_BYTES));
  }

  @Test
  void entryCountLimit() throws Exception {
    TarFixture many = new TarFixture();
    for (int i = 0; i < 20; i++) {
      many.file(SUB + "f" + i, "");
    }
    LayerExtractor x = new LayerExtractor(work(), SUB, new ExtractionLimits(1 << 30, 10));
    assertThatThrownBy(() -> apply(x, many.gzip()))
        .isInstanceOfSatisfying(UnsafeLayerEntryException.class,
            e -> assertThat(e.rule()).isEqualTo(ExtractionRules.TOO_MANY_ENTRIES));
  }

  @Test
  void whiteoutRemovesFileOrTreeFromEarlierLayers() throws Exception {
    Path work = work();
    LayerExtractor x = extractor(work);
    apply(x, new TarFixture().file(SUB + "keep", "k").file(SUB + "gone", "g").file(SUB + "tree/a/b", "b").gzip());
    apply(x, new TarFixture().file(SUB + ".wh.gone", "").file(SUB + ".wh.tree", "").gzip());
    x.finish();

    assertThat(namesOf(work).toList()).containsExactly("keep");
  }

  @Test
  void opaqueWhiteoutKeepsOnlyThisLayersEntries() throws Exception {
    Path work = work();
    LayerExtractor x = extractor(work);
    apply(x, new TarFixture().file(SUB + "d/old1", "1").file(SUB + "d/sub/old2", "2").file(SUB + "other", "o").gzip());
    apply(x, new TarFixture().file(SUB + "d/new-before", "n").file(SUB + "d/.wh..wh..opq", "")
        .file(SUB + "d/new-after", "n").gzip());
    x.finish();

    assertThat(namesOf(work.resolve("d")).toList()).containsExactly("new-after", "new-before");
    assertThat(work.resolve("other")).exists();
    assertThat(work.resolve("d/.wh..wh..opq")).doesNotExist();
  }

  @Test
  void regularFileReplacesDirectoryAndSymlinkWithoutFollowing() throws Exception {
    Path work = work();
    Path outside = Files.writeString(parent.resolve("victim"), "safe");
    LayerExtractor x = extractor(work);
    apply(x, new TarFixture().dir(SUB + "d").file(SUB + "d/x", "x").symlink(SUB + "l", "d/x").gzip());
    apply(x, new TarFixture().file(SUB + "d", "now a file").file(SUB + "l", "now a file too").gzip());

    assertThat(work.resolve("d")).hasContent("now a file");
    assertThat(Files.isSymbolicLink(work.resolve("l"))).isFalse();
    assertThat(outside).hasContent("safe");
  }

  @Test
  void plainTarAndDirectoryModesAppliedLast() throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(plain)) {
      var d = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(SUB + "ro/", TarConstants.LF_DIR, true);
      d.setMode(040555);
      tar.putArchiveEntry(d);
      tar.closeArchiveEntry();
      var f = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(SUB + "ro/f", true);
      f.setSize(1);
      tar.putArchiveEntry(f);
      tar.write('x');
      tar.closeArchiveEntry();
    }
    Path work = work();
    LayerExtractor x = extractor(work);
    x.apply(new ByteArrayInputStream(plain.toByteArray()), "application/vnd.oci.image.layer.v1.tar", "sha256:t");
    x.finish();

    assertThat(work.resolve("ro/f")).hasContent("x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("ro"), LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("r-xr-xr-x");
  }

  @Test
  void zstdIsUnsupported() {
    assertThatThrownBy(() -> extractor(work()).apply(new ByteArrayInputStream(new byte[] {0x28, (byte) 0xb5, 0x2f,
        (byte) 0xfd, 0}), null, "sha256:z"))
        .hasMessageStartingWith("UnsupportedLayer:");
  }

  @Test
  void installDirectoryCommitsAtomicallyAndCleansUpOnFailure() throws Exception {
    Path target = parent.resolve("installed");
    try (InstallDirectory install = InstallDirectory.beside(target)) {
      Files.writeString(install.work().resolve("f"), "1");
      install.commit();
    }
    assertThat(target.resolve("f")).hasContent("1");
    try (InstallDirectory install = InstallDirectory.beside(target)) {
      Files.writeString(install.work().resolve("g"), "2");
    }
    assertThat(namesOf(parent).toList()).containsExactly("installed");
    try (InstallDirectory install = InstallDirectory.beside(target)) {
      Files.writeString(install.work().resolve("g"), "2");
      install.commit();
    }
    assertThat(namesOf(target).toList()).containsExactly("g");
    assertThat(namesOf(parent).toList()).containsExactly("installed");
  }
}
