package com.astromkey.csi.mount;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Mounter on the Linux kernel: libc mount(2)/umount2(2) through JNA, mount table from /proc/self/mountinfo. */
public final class LinuxMounter implements Mounter {
  private static final long MS_RDONLY = 1;
  private static final long MS_NOSUID = 2;
  private static final long MS_NODEV = 4;
  private static final long MS_REMOUNT = 32;
  private static final long MS_BIND = 4096;
  private static final int MNT_DETACH = 2;

  /** The two libc calls we need; declared with LastErrorException so JNA captures errno right after the call. */
  interface LibC extends Library {
    int mount(String source, String target, String fsType, NativeLong flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
  }

  private final Path mountinfo;
  private volatile LibC libc;

  public LinuxMounter() {
    this(Path.of("/proc/self/mountinfo"));
  }

  LinuxMounter(Path mountinfo) {
    this.mountinfo = mountinfo;
  }

  @Override
  public void mount(String source, Path target, String fsType, Set<MountFlag> flags, String data) throws MountException {
    long bits = (flags.contains(MountFlag.NOSUID) ? MS_NOSUID : 0) | (flags.contains(MountFlag.NODEV) ? MS_NODEV : 0);
    boolean bind = flags.contains(MountFlag.BIND);
    boolean readOnly = flags.contains(MountFlag.READ_ONLY);
    if (bind) {
      call("bind " + source, target, () -> libc().mount(source, target.toString(), null, new NativeLong(bits | MS_BIND), null));
      if (readOnly) {
        // a fresh bind ignores MS_RDONLY; only a remount of the bind makes it read-only
        try {
          long remount = bits | MS_BIND | MS_REMOUNT | MS_RDONLY;
          call("remount read-only", target, () -> libc().mount(null, target.toString(), null, new NativeLong(remount), null));
        } catch (MountException e) {
          unmount(target, true);
          throw e;
        }
      }
      return;
    }
    long all = bits | (readOnly ? MS_RDONLY : 0);
    call("mount " + fsType, target, () -> libc().mount(source, target.toString(), fsType, new NativeLong(all), data));
  }

  @Override
  public void unmount(Path target, boolean detach) throws MountException {
    call("unmount", target, () -> libc().umount2(target.toString(), detach ? MNT_DETACH : 0));
  }

  @Override
  public MountTable mounts() throws IOException {
    return MountTable.parse(Files.readString(mountinfo));
  }

  private interface NativeCall {
    int run();
  }

  private void call(String what, Path target, NativeCall c) throws MountException {
    try {
      c.run();
    } catch (LastErrorException e) {
      throw new MountException(what + " at " + target + ": " + strerror(e), e.getErrorCode());
    } catch (UnsatisfiedLinkError e) {
      throw new MountException(what + " at " + target + ": libc not available: " + e.getMessage(), Errno.EPERM);
    }
  }

  private static String strerror(LastErrorException e) {
    // JNA's message is "[errno] text"; keep the text, the caller adds errno semantics
    String m = e.getMessage();
    int close = m == null ? -1 : m.indexOf("] ");
    return close >= 0 ? m.substring(close + 2) + " (errno " + e.getErrorCode() + ")" : "errno " + e.getErrorCode();
  }

  private LibC libc() {
    LibC l = libc;
    if (l == null) {
      synchronized (this) {
        if (libc == null) libc = Native.load("c", LibC.class);
        l = libc;
      }
    }
    return l;
  }
}
