package com.astromkey.csi.provisioner;

import com.astromkey.oci.extract.ExtractionLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Extracts a tenant code-modules zip into an empty directory with the rules of registry.md §8 applied to zip entries:
 * no absolute paths, no {@code ..}, no writing through links, byte and entry limits. Zip entries carry no link type here:
 * every entry becomes a plain file or directory.
 */
public final class ZipExtractor {
  private final ExtractionLimits limits;

  public ZipExtractor(ExtractionLimits limits) {
    this.limits = limits;
  }

  /** Thrown for an entry that would land outside the target or exceed a limit; the message names it. */
  public static final class UnsafeZipEntryException extends IOException {
    public UnsafeZipEntryException(String message) {
      super(message);
    }
  }

  public void extract(Path zip, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    long bytes = 0;
    long entries = 0;
    byte[] buffer = new byte[64 * 1024];
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> all = file.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (++entries > limits.maxEntries()) {
          throw new UnsafeZipEntryException("zip has more than " + limits.maxEntries() + " entries");
        }
        Path out = resolve(root, entry.getName());
        if (entry.isDirectory()) {
          createDirectories(root, out);
          continue;
        }
        createDirectories(root, out.getParent());
        try (InputStream in = file.getInputStream(entry);
            OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
          int n;
          while ((n = in.read(buffer)) != -1) {
            bytes += n;
            if (bytes > limits.maxBytes()) {
              throw new UnsafeZipEntryException("zip expands to more than " + limits.maxBytes() + " bytes (at " + entry.getName() + ")");
            }
            os.write(buffer, 0, n);
          }
        }
      }
    }
  }

  static Path resolve(Path root, String name) throws UnsafeZipEntryException {
    if (name.isEmpty() || name.indexOf('\0') >= 0) throw new UnsafeZipEntryException("zip entry with an empty or NUL name");
    String normalised = name.replace('\\', '/');
    if (normalised.startsWith("/") || normalised.matches("^[A-Za-z]:.*")) {
      throw new UnsafeZipEntryException("zip entry " + name + " has an absolute path");
    }
    for (String part : normalised.split("/")) {
      if (part.equals("..")) throw new UnsafeZipEntryException("zip entry " + name + " leaves the target directory");
    }
    Path out = root.resolve(normalised).normalize();
    if (!out.startsWith(root) || out.equals(root)) {
      throw new UnsafeZipEntryException("zip entry " + name + " leaves the target directory");
    }
    return out;
  }

  /** Creates parents one by one so that none of them is a link planted by an earlier entry. */
  private static void createDirectories(Path root, Path dir) throws IOException {
    Path current = root;
    for (Path part : root.relativize(dir)) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) throw new UnsafeZipEntryException("zip path " + current + " runs through a link");
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        throw new UnsafeZipEntryException("zip path " + current + " is a file and a directory");
      }
    }
  }
}
