package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.extract.ExtractionLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safe extraction of tenant zips (registry.md §8 rules applied to zip entries). */
class ZipExtractorTest {
  @TempDir Path tmp;

  private Path zip(Map<String, String> entries) throws IOException {
    Path zip = tmp.resolve("cm.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return zip;
  }

  @Test
  void extractsFilesAndDirectories() throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("agent/", "");
    entries.put("agent/lib64/liboneagentproc.so", "ELF");
    entries.put("manifest.json", "{}");
    Path target = Files.createDirectory(tmp.resolve("out"));

    new ZipExtractor(ExtractionLimits.DEFAULT).extract(zip(entries), target);

    assertThat(target.resolve("agent/lib64/liboneagentproc.so")).hasContent("ELF");
    assertThat(target.resolve("manifest.json")).hasContent("{}");
  }

  @Test
  void rejectsTraversalAndAbsolutePaths() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("out"));
    assertThatThrownBy(() -> new ZipExtractor(ExtractionLimits.DEFAULT).extract(zip(Map.of("../evil", "x")), target))
        .isInstanceOf(ZipExtractor.UnsafeZipEntryException.class).hasMessageContaining("../evil");
    assertThat(tmp.resolve("evil")).doesNotExist();
    assertThatThrownBy(() -> ZipExtractor.resolve(target, "/etc/passwd")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> ZipExtractor.resolve(target, "a/../../b")).hasMessageContaining("leaves");
  }

  @Test
  void refusesToWriteThroughALink() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("out"));
    Files.createSymbolicLink(target.resolve("agent"), tmp);
    assertThatThrownBy(() -> new ZipExtractor(ExtractionLimits.DEFAULT).extract(zip(Map.of("agent/x", "x")), target))
        .hasMessageContaining("link");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void enforcesByteAndEntryLimits() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("out"));
    assertThatThrownBy(() -> new ZipExtractor(new ExtractionLimits(3, 100)).extract(zip(Map.of("a", "four")), target))
        .hasMessageContaining("more than 3 bytes");
    Path other = Files.createDirectory(tmp.resolve("out2"));
    assertThatThrownBy(() -> new ZipExtractor(new ExtractionLimits(100, 1)).extract(zip(Map.of("a", "1", "b", "2")), other))
        .hasMessageContaining("more than 1 entries");
  }
}
