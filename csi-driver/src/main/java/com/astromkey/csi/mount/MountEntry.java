package com.astromkey.csi.mount;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One line of /proc/self/mountinfo, with octal escapes already decoded. */
public record MountEntry(
    int mountId,
    int parentId,
    String majorMinor,
    String root,
    Path mountPoint,
    String mountOptions,
    String fsType,
    String source,
    String superOptions) {

  public boolean readOnly() {
    return Arrays.asList(mountOptions.split(",")).contains("ro");
  }

  public boolean isOverlay() {
    return fsType.equals("overlay");
  }

  /** The lower directories of an overlay mount, topmost first; empty for anything else. */
  public List<Path> lowerDirs() {
    if (!isOverlay()) return List.of();
    return superOption("lowerdir").map(v -> {
      List<Path> dirs = new ArrayList<>();
      for (String d : v.split(":")) if (!d.isEmpty()) dirs.add(Path.of(d));
      return dirs;
    }).orElse(List.of());
  }

  public Optional<Path> upperDir() {
    return isOverlay() ? superOption("upperdir").map(Path::of) : Optional.empty();
  }

  /**
   * The directories this mount shows: the overlay's lower dirs, or for a bind mount the root inside its file
   * system. A bind root is relative to its file system, not to our root, so callers match it by suffix.
   */
  public List<Path> shownDirs() {
    if (isOverlay()) return lowerDirs();
    return root.equals("/") ? List.of() : List.of(Path.of(root));
  }

  private Optional<String> superOption(String key) {
    for (String option : superOptions.split(",")) {
      if (option.startsWith(key + "=")) return Optional.of(option.substring(key.length() + 1));
    }
    return Optional.empty();
  }
}
