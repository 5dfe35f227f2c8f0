package com.astromkey.oci.extract;

import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies image layers in order to a private work directory (registry.md §8): streaming gunzip + untar with bounded
 * memory, the subtree prefix stripped, OCI whiteouts, and every safety rule; never follows a symlink while writing.
 */
public final class LayerExtractor {

  public static final String DEFAULT_SUBTREE = "opt/astromkey/oneagent/";
  private static final int BUFFER_SIZE = 64 * 1024;
  private static final int MAX_NAME_BYTES = 4096;
  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path root;
  private final List<String> subtree;
  private final ExtractionLimits limits;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private final Set<String> knownDirectories = new HashSet<>();
  private final Map<String, Integer> directoryModes = new HashMap<>();
  private Set<String> writtenByLayer = new HashSet<>();
  private long totalBytes;
  private long totalEntries;
  private String layerDigest;
  private String currentEntry;

  /** {@code subtree} is an image path prefix such as {@value #DEFAULT_SUBTREE}; empty installs the whole image. */
  public LayerExtractor(Path workDirectory, String subtree, ExtractionLimits limits) {
    this.root = workDirectory;
    this.subtree = components(subtree == null ? "" : subtree);
    this.limits = limits;
  }

  /** Extracts one layer stream (gzip or plain tar); the caller verifies the layer digest afterwards. */
  public void apply(InputStream layer, String mediaType, String digest) throws IOException {
    layerDigest = digest;
    writtenByLayer = new HashSet<>();
    BufferedInputStream buffered = new BufferedInputStream(layer, BUFFER_SIZE);
    buffered.mark(4);
    byte[] magic = buffered.readNBytes(4);
    buffered.reset();
    boolean zstd = (mediaType != null && mediaType.endsWith("+zstd"))
        || (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
            && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd);
    if (zstd) {
      throw new RegistryException(Reason.UNSUPPORTED_LAYER, "layer " + digest + " is zstd-compressed, not supported yet");
    }
    boolean gzip = (mediaType != null && (mediaType.endsWith("+gzip") || mediaType.endsWith(".gzip")))
        || (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b);
    InputStream tarBytes = gzip ? new GZIPInputStream(buffered, BUFFER_SIZE) : buffered;
    GuardedTarInputStream tar = new GuardedTarInputStream(new BombGuard(tarBytes), digest);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      currentEntry = entry.getName();
      entry(entry, tar);
    }
    currentEntry = null;
  }

  /** Applies directory modes last, so read-only directories could still receive their files. */
  public void finish() throws IOException {
    List<Map.Entry<String, Integer>> modes = new ArrayList<>(directoryModes.entrySet());
    modes.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getKey().length()).reversed());
    for (Map.Entry<String, Integer> mode : modes) {
      Path dir = root.resolve(mode.getKey());
      if (Files.isDirectory(dir, NOFOLLOW)) {
        Files.setPosixFilePermissions(dir, permissions(mode.getValue()));
      }
    }
  }

  private void entry(TarArchiveEntry entry, InputStream data) throws IOException {
    String name = entry.getName();
    checkName(name);
    if (++totalEntries > limits.maxEntries()) {
      throw unsafe(name, ExtractionRules.TOO_MANY_ENTRIES, "more than " + limits.maxEntries() + " entries");
    }
    if (entry.getSize() > limits.maxBytes()) {
      throw unsafe(name, ExtractionRules.TOO_MANY_BYTES, "entry of " + entry.getSize() + " bytes");
    }
    List<String> image = components(name);
    if (image.isEmpty()) {
      return;
    }
    String base = image.get(image.size() - 1);
    if (base.startsWith(WHITEOUT)) {
      whiteout(image, base);
      return;
    }
    List<String> rel = relative(image);
    if (rel == null || rel.isEmpty()) {
      return; // outside the subtree (read and discarded) or the subtree root itself
    }
    if (entry.isDirectory()) {
      directory(rel, entry.getMode());
    } else if (entry.isSymbolicLink()) {
      symlink(image, rel, entry.getLinkName());
    } else if (entry.isLink()) {
      hardLink(rel, entry.getLinkName());
    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      throw unsafe(name, ExtractionRules.DEVICE_OR_FIFO, null);
    } else if (entry.isFile()) {
      file(rel, entry.getMode(), data);
    } else {
      throw unsafe(name, ExtractionRules.UNSUPPORTED_ENTRY_TYPE, "type '" + (char) entry.getLinkFlag() + "'");
    }
  }

  private void checkName(String name) throws UnsafeLayerEntryException {
    if (name.indexOf('\0') >= 0) {
      throw unsafe(name, ExtractionRules.NUL_IN_NAME, null);
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw unsafe(name, ExtractionRules.NAME_TOO_LONG, null);
    }
    if (name.startsWith("/")) {
      throw unsafe(name, ExtractionRules.ABSOLUTE_PATH, null);
    }
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw unsafe(name, ExtractionRules.PARENT_TRAVERSAL, null);
      }
    }
  }

  /** Path components without empty and {@code .} parts; callers have rejected {@code ..}. */
  static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** Path below the subtree, empty for the subtree root, null when outside. */
  private List<String> relative(List<String> image) {
    if (image.size() < subtree.size() || !image.subList(0, subtree.size()).equals(subtree)) {
      return null;
    }
    return image.subList(subtree.size(), image.size());
  }

  /** True when the image path is the subtree root or one of its ancestors (whiting it out clears everything). */
  private boolean coversSubtree(List<String> image) {
    return image.size() <= subtree.size() && subtree.subList(0, image.size()).equals(image);
  }

  private void whiteout(List<String> image, String base) throws IOException {
    List<String> parent = image.subList(0, image.size() - 1);
    if (base.equals(OPAQUE)) {
      if (coversSubtree(parent)) {
        clearExceptLayer(List.of());
      } else {
        List<String> rel = relative(parent);
        if (rel != null && checkParents(rel, false)) {
          clearExceptLayer(rel);
        }
      }
      return;
    }
    String hidden = base.substring(WHITEOUT.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw unsafe(String.join("/", image), ExtractionRules.PARENT_TRAVERSAL, "whiteout of '" + hidden + "'");
    }
    List<String> target = new ArrayList<>(parent);
    target.add(hidden);
    if (coversSubtree(target)) {
      clearExceptLayer(List.of());
      return;
    }
    List<String> rel = relative(target);
    if (rel != null && !rel.isEmpty() && checkParents(rel, false) && !writtenByLayer.contains(join(rel))) {
      removeExisting(rel);
    }
  }

  /** Removes what earlier layers left in a directory; entries this layer wrote (and their ancestors) stay. */
  private void clearExceptLayer(List<String> relDir) throws IOException {
    Path dir = resolve(relDir);
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      return;
    }
    String prefix = relDir.isEmpty() ? "" : join(relDir) + "/";
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    for (Path child : children) {
      String rel = prefix + child.getFileName();
      if (!writtenByLayer.contains(rel)) {
        deleteTree(child);
        forget(rel);
      } else if (Files.isDirectory(child, NOFOLLOW)) {
        List<String> next = new ArrayList<>(relDir);
        next.add(child.getFileName().toString());
        clearExceptLayer(next);
      }
    }
  }

  private void directory(List<String> rel, int mode) throws IOException {
    checkParents(rel, true);
    Path path = resolve(rel);
    String key = join(rel);
    BasicFileAttributes attrs = attributes(path);
    if (attrs == null || !attrs.isDirectory() || attrs.isSymbolicLink()) {
      if (attrs != null) {
        removeExisting(rel);
      }
      Files.createDirectory(path);
    }
    knownDirectories.add(key);
    directoryModes.put(key, mode & 0755);
    written(rel);
  }

  private void file(List<String> rel, int mode, InputStream data) throws IOException {
    checkParents(rel, true);
    removeExisting(rel);
    Path path = resolve(rel);
    try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW)) {
      int n;
      while ((n = data.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    }
    // setuid, setgid and sticky are dropped: POSIX permissions carry only the nine rwx bits
    Files.setPosixFilePermissions(path, permissions(mode & 0777));
    written(rel);
  }

  private void symlink(List<String> image, List<String> rel, String target) throws IOException {
    String name = String.join("/", image);
    if (target == null || target.isEmpty()) {
      throw unsafe(name, ExtractionRules.SYMLINK_ESCAPE, "empty link target");
    }
    if (target.indexOf('\0') >= 0) {
      throw unsafe(name, ExtractionRules.NUL_IN_NAME, "in link target");
    }
    if (target.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw unsafe(name, ExtractionRules.NAME_TOO_LONG, "link target");
    }
    // absolute targets start at the image root; relative ones at the link's directory
    List<String> resolved = target.startsWith("/") ? new ArrayList<>() : new ArrayList<>(image.subList(0, image.size() - 1));
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (resolved.isEmpty()) {
          throw unsafe(name, ExtractionRules.SYMLINK_ESCAPE, "target " + target + " leaves the image root");
        }
        resolved.remove(resolved.size() - 1);
      } else {
        resolved.add(part);
      }
    }
    if (relative(resolved) == null) {
      throw unsafe(name, ExtractionRules.SYMLINK_ESCAPE, "target " + target + " is outside the installed tree");
    }
    checkParents(rel, true);
    removeExisting(rel);
    Files.createSymbolicLink(resolve(rel), Path.of(target));
    written(rel);
  }

  private void hardLink(List<String> rel, String linkName) throws IOException {
    if (linkName == null || linkName.isEmpty() || linkName.startsWith("/") || linkName.indexOf('\0') >= 0
        || Arrays.asList(linkName.split("/")).contains("..")) {
      throw unsafe(currentEntry, ExtractionRules.HARDLINK_ESCAPE, "target " + linkName);
    }
    List<String> target = relative(components(linkName));
    if (target == null || target.isEmpty() || !checkParents(target, false)) {
      throw unsafe(currentEntry, ExtractionRules.HARDLINK_ESCAPE, "target " + linkName + " is outside the installed tree");
    }
    Path targetPath = resolve(target);
    BasicFileAttributes attrs = attributes(targetPath);
    if (attrs == null || !attrs.isRegularFile()) {
      throw unsafe(currentEntry, ExtractionRules.HARDLINK_ESCAPE,
          "target " + linkName + " is not a regular file extracted before");
    }
    if (target.equals(rel)) {
      return;
    }
    checkParents(rel, true);
    removeExisting(rel);
    Path link = resolve(rel);
    try {
      Files.createLink(link, targetPath);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      // some file systems refuse hard links; a copy has the same content
      Files.copy(targetPath, link, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
    }
    written(rel);
  }

  /**
   * Checks (and optionally creates) every parent of {@code rel}: each must be a real directory, never a symlink.
   * Returns false when a parent is missing and {@code create} is false.
   */
  private boolean checkParents(List<String> rel, boolean create) throws IOException {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < rel.size() - 1; i++) {
      if (i > 0) {
        key.append('/');
      }
      key.append(rel.get(i));
      String k = key.toString();
      if (knownDirectories.contains(k)) {
        continue;
      }
      Path path = root.resolve(k);
      BasicFileAttributes attrs = attributes(path);
      if (attrs == null) {
        if (!create) {
          return false;
        }
        Files.createDirectory(path);
        writtenByLayer.add(k);
      } else if (attrs.isSymbolicLink()) {
        throw unsafe(currentEntry, ExtractionRules.PARENT_SYMLINK, k + " is a symlink");
      } else if (!attrs.isDirectory()) {
        throw unsafe(currentEntry, ExtractionRules.PARENT_NOT_DIRECTORY, k + " is not a directory");
      }
      knownDirectories.add(k);
    }
    return true;
  }

  private void removeExisting(List<String> rel) throws IOException {
    Path path = resolve(rel);
    BasicFileAttributes attrs = attributes(path);
    if (attrs == null) {
      return;
    }
    if (attrs.isDirectory() && !attrs.isSymbolicLink()) {
      deleteTree(path);
      forget(join(rel));
    } else {
      Files.delete(path);
    }
  }

  /** Drops cached knowledge about a removed path and everything below it. */
  private void forget(String rel) {
    knownDirectories.remove(rel);
    directoryModes.remove(rel);
    String prefix = rel + "/";
    knownDirectories.removeIf(k -> k.startsWith(prefix));
    directoryModes.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private void written(List<String> rel) {
    StringBuilder key = new StringBuilder();
    for (String part : rel) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(part);
      writtenByLayer.add(key.toString());
    }
  }

  private Path resolve(List<String> rel) {
    return rel.isEmpty() ? root : root.resolve(join(rel));
  }

  private static String join(List<String> rel) {
    return String.join("/", rel);
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Deletes a tree without following symlinks (walkFileTree does not follow them by default). */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, NOFOLLOW)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        // a read-only directory from an image must still be emptied
        Files.setPosixFilePermissions(dir, permissions(0700));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  private UnsafeLayerEntryException unsafe(String entry, String rule, String detail) {
    return new UnsafeLayerEntryException(layerDigest, entry, rule, detail);
  }

  /** Counts decompressed bytes over all layers and stops a decompression bomb as soon as it passes the limit. */
  private final class BombGuard extends FilterInputStream {
    private final byte[] skipBuffer = new byte[8192];

    BombGuard(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // skipping would bypass the count: read through instead
      int r = read(skipBuffer, 0, (int) Math.min(n, skipBuffer.length));
      return Math.max(r, 0);
    }

    private void count(int n) throws UnsafeLayerEntryException {
      totalBytes += n;
      if (totalBytes > limits.maxBytes()) {
        throw unsafe(currentEntry == null ? "(layer data)" : currentEntry, ExtractionRules.TOO_MANY_BYTES,
            "more than " + limits.maxBytes() + " bytes uncompressed");
      }
    }
  }
}
