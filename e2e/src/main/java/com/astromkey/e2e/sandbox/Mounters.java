package com.astromkey.e2e.sandbox;

import com.astromkey.csi.mount.LinuxMounter;
import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.mount.MountException;
import com.astromkey.csi.mount.MountFlag;
import com.astromkey.csi.mount.Mounter;
import com.astromkey.csi.mount.RecordingMounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/** Picks the CSI mounter: real {@code mount(2)} when this process may mount (root with CAP_SYS_ADMIN), else the recording one. */
public final class Mounters {
  /** {@code AK_E2E_RECORDING_MOUNTER=true} keeps a privileged run on the recording mounter (e.g. inside a shared CI host). */
  public static final String FORCE_RECORDING = "AK_E2E_RECORDING_MOUNTER";

  private Mounters() {}

  static Mounter forThisProcess(Path scratch) throws IOException {
    if (!"true".equals(System.getenv(FORCE_RECORDING)) && mayMount(scratch)) {
      return new LinuxMounter();
    }
    return new RecordingMounter();
  }

  public static String describe(Mounter mounter) {
    return mounter instanceof LinuxMounter ? "real overlay mount" : "recording mounter (no CAP_SYS_ADMIN)";
  }

  /** Proves the capability the way the CSI module's own tests do: bind-mount a scratch directory and undo it. */
  private static boolean mayMount(Path scratch) throws IOException {
    Path src = Files.createDirectories(scratch.resolve("mount-probe/src"));
    Path dst = Files.createDirectories(scratch.resolve("mount-probe/dst"));
    try {
      LinuxMounter mounter = new LinuxMounter();
      mounter.mount(src.toString(), dst, null, EnumSet.of(MountFlag.BIND), null);
      mounter.unmount(dst, false);
      return true;
    } catch (MountException | LinkageError e) {
      return false;
    }
  }

  /** Detaches every real mount at or below {@code dir}, deepest first, so that deleting the temp dir never crosses a mount. */
  static void unmountAllBelow(Path dir) throws IOException {
    LinuxMounter mounter;
    try {
      mounter = new LinuxMounter();
    } catch (LinkageError e) {
      return;
    }
    Path root = dir.toAbsolutePath().normalize();
    List<MountEntry> below = mounter.mounts().entries().stream().filter(e -> e.mountPoint().startsWith(root))
        .sorted(Comparator.comparingInt((MountEntry e) -> e.mountPoint().getNameCount()).reversed()).toList();
    for (MountEntry entry : below) {
      try {
        mounter.unmount(entry.mountPoint(), true);
      } catch (MountException e) {
        // gone with its parent already
      }
    }
  }
}
