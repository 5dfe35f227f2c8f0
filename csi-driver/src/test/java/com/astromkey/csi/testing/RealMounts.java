package com.astromkey.csi.testing;

import com.astromkey.csi.mount.LinuxMounter;
import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.mount.MountException;
import com.astromkey.csi.mount.MountFlag;
import com.astromkey.csi.mount.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Prerequisite check and clean-up for tests that make real mounts (README §7: skip locally, fail with CI=true). */
public final class RealMounts {
  private RealMounts() {}

  /** Proves we may mount by bind-mounting a scratch dir; skips the test when not allowed, unless CI=true. */
  public static void assumeMountCapable(Path scratch) throws IOException {
    Path src = Files.createDirectories(scratch.resolve("probe-src"));
    Path dst = Files.createDirectories(scratch.resolve("probe-dst"));
    LinuxMounter m = new LinuxMounter();
    String problem = null;
    try {
      m.mount(src.toString(), dst, null, EnumSet.of(MountFlag.BIND), null);
      m.unmount(dst, false);
    } catch (MountException e) {
      problem = e.getMessage();
    } catch (LinkageError e) {
      problem = "libc not loadable: " + e.getMessage();
    }
    if (problem == null) return;
    String why = "real mounts need root and CAP_SYS_ADMIN: " + problem;
    if ("true".equals(System.getenv("CI"))) Assertions.fail(why);
    Assumptions.abort(why);
  }

  /** The kernel's entry for {@code target} in /proc/self/mountinfo; fails when nothing is mounted there. */
  public static MountEntry kernelEntryAt(Path target) throws IOException {
    return kernelMounts().at(target)
        .orElseThrow(() -> new AssertionError("not mounted according to /proc/self/mountinfo: " + target));
  }

  public static boolean kernelHasMountAt(Path target) throws IOException {
    return kernelMounts().isMountPoint(target);
  }

  /** How many mounts the kernel stacks at exactly {@code target}. */
  public static long kernelMountsAt(Path target) throws IOException {
    return kernelMounts().entries().stream().filter(m -> m.mountPoint().equals(target)).count();
  }

  private static MountTable kernelMounts() throws IOException {
    return MountTable.parse(Files.readString(Path.of("/proc/self/mountinfo")));
  }

  /** Detaches every mount at or below {@code dir}, deepest first, so that @TempDir clean-up never deletes through a mount. */
  public static void unmountAllBelow(Path dir) throws IOException {
    LinuxMounter m = new LinuxMounter();
    Path root = dir.toAbsolutePath().normalize();
    List<MountEntry> below = m.mounts().entries().stream()
        .filter(e -> e.mountPoint().startsWith(root))
        .sorted(Comparator.comparingInt((MountEntry e) -> e.mountPoint().getNameCount()).reversed())
        .collect(Collectors.toList());
    for (MountEntry e : below) {
      try {
        m.unmount(e.mountPoint(), true);
      } catch (MountException ignored) {
        // already gone with its parent
      }
    }
  }
}
