package com.astromkey.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Hand-made code-modules zips, including the malicious ones, with Unix modes and symlinks as real zips carry them. */
final class Zips {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes);

  static Zips create() {
    return new Zips();
  }

  /** The minimum that installs: the library. */
  static Zips valid() throws IOException {
    return create().file("agent/lib64/liboneagentproc.so", "lib\n", 0755).file("manifest.json", "{\"version\":\"z\"}", 0644);
  }

  Zips file(String name, String content, int mode) throws IOException {
    return entry(name, 0100000 | mode, content.getBytes(StandardCharsets.UTF_8));
  }

  Zips symlink(String name, String target) throws IOException {
    return entry(name, 0120777, target.getBytes(StandardCharsets.UTF_8));
  }

  Zips directory(String name) throws IOException {
    return entry(name.endsWith("/") ? name : name + "/", 0040755, new byte[0]);
  }

  Zips fifo(String name) throws IOException {
    return entry(name, 0010644, new byte[0]);
  }

  private Zips entry(String name, int unixMode, byte[] content) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setUnixMode(unixMode);
    zip.putArchiveEntry(entry);
    zip.write(content);
    zip.closeArchiveEntry();
    return this;
  }

  byte[] bytes() throws IOException {
    zip.finish();
    zip.close();
    return bytes.toByteArray();
  }
}
