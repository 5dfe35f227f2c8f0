package com.astromkey.bootstrap.install;

import com.astromkey.oci.extract.ExtractionRules;
import com.astromkey.oci.extract.UnsafeLayerEntryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Presents a zip file as a plain tar stream, produced on demand in 64 KiB steps, so the registry's layer extractor
 * applies the very same safety rules (registry.md §8) to zip entries. Names, modes, link targets and entry types are
 * passed through unchanged; judging them is the extractor's job.
 */
final class ZipAsTarStream extends InputStream {
  // Unix file-type bits of a zip entry's external attributes
  private static final int TYPE_MASK = 0170000;
  private static final int TYPE_SYMLINK = 0120000;
  private static final int TYPE_DIRECTORY = 0040000;
  private static final int TYPE_FILE = 0100000;
  private static final int TYPE_CHAR = 0020000;
  private static final int TYPE_BLOCK = 0060000;
  private static final int TYPE_FIFO = 0010000;
  private static final int TYPE_SOCKET = 0140000;
  private static final int CHUNK = 64 * 1024;
  // one byte more than the extractor's name limit, so an over-long link target still reaches its rule
  private static final int MAX_LINK_TARGET_BYTES = 4097;

  private final ZipFile zip;
  private final String archive;
  private final Enumeration<ZipArchiveEntry> entries;
  private final Pending pending = new Pending();
  private final TarArchiveOutputStream tar;
  private final byte[] chunk = new byte[CHUNK];
  private InputStream currentData;
  private int served;
  private boolean finished;

  ZipAsTarStream(ZipFile zip, String archive) {
    this.zip = zip;
    this.archive = archive;
    this.entries = zip.getEntriesInPhysicalOrder();
    this.tar = new TarArchiveOutputStream(pending, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (served == pending.size()) {
      pending.reset();
      served = 0;
      if (!produce()) {
        return -1;
      }
    }
    int n = Math.min(len, pending.size() - served);
    System.arraycopy(pending.buffer(), served, b, off, n);
    served += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (currentData != null) {
      currentData.close();
    }
  }

  /** Writes the next piece of tar into {@link #pending}; false at the end. */
  private boolean produce() throws IOException {
    if (currentData != null) {
      int n = currentData.read(chunk);
      if (n > 0) {
        tar.write(chunk, 0, n);
      } else {
        currentData.close();
        currentData = null;
        tar.closeArchiveEntry();
      }
      return true;
    }
    if (entries.hasMoreElements()) {
      startEntry(entries.nextElement());
      return true;
    }
    if (!finished) {
      tar.finish();
      finished = true;
      return true;
    }
    return false;
  }

  private void startEntry(ZipArchiveEntry entry) throws IOException {
    String name = entry.getName();
    int unixMode = entry.getUnixMode();
    int type = unixMode & TYPE_MASK;
    int permissions = unixMode & 07777;
    if (name.indexOf('\0') >= 0) {
      // a tar header ends a name at NUL, so the extractor would see a shortened name instead of rejecting this one
      throw new UnsafeLayerEntryException(archive, name, ExtractionRules.NUL_IN_NAME, null);
    }
    if (type == TYPE_SOCKET) {
      // tar has no socket type to pass on; the extractor rejects devices and FIFOs under the same rule

      throw new UnsafeLayerEntryException(archive, name, ExtractionRules.DEVICE_OR_FIFO, "socket");
    }
    TarArchiveEntry tarEntry;
    if (type == TYPE_SYMLINK) {
      tarEntry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
      String target = linkTarget(entry);
      if (target.indexOf('\0') >= 0) {
        throw new UnsafeLayerEntryException(archive, name, ExtractionRules.NUL_IN_NAME, "in link target");
      }
      tarEntry.setLinkName(target);
    } else if (type == TYPE_DIRECTORY || (type == 0 && entry.isDirectory())) {
      tarEntry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
      // zips written without Unix attributes (java.util.zip) carry no mode
      permissions = unixMode == 0 ? 0755 : permissions;
    } else if (type == TYPE_CHAR || type == TYPE_BLOCK || type == TYPE_FIFO) {
      byte flag = type == TYPE_CHAR ? TarConstants.LF_CHR : type == TYPE_BLOCK ? TarConstants.LF_BLK : TarConstants.LF_FIFO;
      tarEntry = new TarArchiveEntry(name, flag, true);
    } else if (type == TYPE_FILE || type == 0) {
      tarEntry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
      permissions = unixMode == 0 ? 0644 : permissions;
      long size = entry.getSize();
      if (size < 0) {
        throw new IOException(archive + ": entry '" + name + "' has no size in the central directory");
      }
      tarEntry.setSize(size);
    } else {
      throw new UnsafeLayerEntryException(archive, name, ExtractionRules.UNSUPPORTED_ENTRY_TYPE,
          "Unix type " + Integer.toOctalString(type));
    }
    tarEntry.setMode(permissions);
    tar.putArchiveEntry(tarEntry);
    if (tarEntry.isFile() && tarEntry.getSize() > 0) {
      currentData = zip.getInputStream(entry);
    } else {
      tar.closeArchiveEntry();
    }
  }

  /** Reads at most {@value #MAX_LINK_TARGET_BYTES} bytes: a crafted "symlink" entry must not fill the heap. */
  private String linkTarget(ZipArchiveEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readNBytes(MAX_LINK_TARGET_BYTES), StandardCharsets.UTF_8);
    }
  }

  /** The bytes produced but not yet read, without copying them out. */
  private static final class Pending extends ByteArrayOutputStream {
    Pending() {
      super(CHUNK + 16 * 1024);
    }

    byte[] buffer() {
      return buf;
    }
  }
}
