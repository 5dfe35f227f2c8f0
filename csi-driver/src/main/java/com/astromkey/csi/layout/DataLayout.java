package com.astromkey.csi.layout;

import com.astromkey.domain.names.ObjectNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/** Every path under the CSI data directory (csi-driver.md §7), defined once. */
public final class DataLayout {
  public static final String LAYOUT_VERSION = "1";
  public static final String CODEMODULES = "codemodules";
  public static final String DYNAKUBES = "_dynakubes";
  public static final String APPMOUNTS = "appmounts";
  public static final String WORK = "work";
  public static final String LAYOUT_VERSION_FILE = ".layout-version";
  public static final String LOST_FOUND = "lost+found";
  public static final Set<String> TOP_LEVEL = Set.of(CODEMODULES, DYNAKUBES, APPMOUNTS, WORK, LAYOUT_VERSION_FILE, LOST_FOUND);

  public static final String META_FILE = ".ak-meta.json";
  public static final String LATEST_LINK = "latest-codemodule";
  public static final String TMP_SUFFIX = ".tmp";
  /** Library that proves an installed tree really holds code modules (csi-driver.md §6.1 step 6). */
  public static final String REQUIRED_LIBRARY = "agent/lib64/liboneagentproc.so";
  public static final String JOB_DIR_PREFIX = ObjectNames.CODEMODULE_DOWNLOAD_JOB_PREFIX;

  /** Cache keys become directory names: a digest form, a ref hash or a version, never a path. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

  private final Path root;

  public DataLayout(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path codemodules() {
    return root.resolve(CODEMODULES);
  }

  public Path codemodule(String key) {
    requireKey(key);
    return codemodules().resolve(key);
  }

  public Path dynakubes() {
    return root.resolve(DYNAKUBES);
  }

  public Path dynakube(String dk) {
    return dynakubes().resolve(requireName(dk));
  }

  public Path latestLink(String dk) {
    return dynakube(dk).resolve(LATEST_LINK);
  }

  public Path resolvedJson(String dk) {
    return dynakube(dk).resolve("resolved.json");
  }

  public Path osAgent(String dk) {
    return dynakube(dk).resolve("osagent");
  }

  public Path diagnosticLink(String dk, String namespace, String pod) {
    return dynakube(dk).resolve(APPMOUNTS).resolve(requireName(namespace)).resolve(requireName(pod));
  }

  public Path appmounts() {
    return root.resolve(APPMOUNTS);
  }

  public Path appmount(String volumeId) {
    return appmounts().resolve(requireName(volumeId));
  }

  public Path work() {
    return root.resolve(WORK);
  }

  /** Creates the top-level directories and the layout version marker (csi-driver.md §8). */
  public void ensure() throws IOException {
    for (Path p : new Path[] {codemodules(), dynakubes(), appmounts(), work()}) Files.createDirectories(p);
    Path version = root.resolve(LAYOUT_VERSION_FILE);
    if (!Files.exists(version)) Files.writeString(version, LAYOUT_VERSION + "\n", StandardCharsets.UTF_8);
  }

  public static boolean isValidKey(String key) {
    return key != null && KEY.matcher(key).matches() && !key.contains("..");
  }

  static String requireKey(String key) {
    if (!isValidKey(key)) throw new IllegalArgumentException("invalid cache key: " + key);
    return key;
  }

  /** A single path element: callers validate names earlier, this keeps a bug from escaping the data dir. */
  private static String requireName(String name) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid path element: " + name);
    }
    return name;
  }
}
