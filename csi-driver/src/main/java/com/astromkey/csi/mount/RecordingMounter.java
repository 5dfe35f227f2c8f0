package com.astromkey.csi.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * In-memory mounter for tests and the sandbox: records a mount table and materialises a mount as symlinks to the
 * top-level entries of what it shows, so content checks on the target still work without privileges.
 */
public final class RecordingMounter implements Mounter {
  /** One call the mounter received, for assertions on order and arguments. */
  public record Call(String op, String source, Path target, String fsType, Set<MountFlag> flags, String data) {}

  /** Runs inside mount() before anything is recorded; lets a test hold calls in flight or inject a failure. */
  public interface Hook {
    void beforeMount(Path target) throws MountException;
  }

  private final List<MountEntry> table = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private final Deque<Integer> unmountFailures = new ArrayDeque<>();
  private final Deque<Integer> mountFailures = new ArrayDeque<>();
  private final List<MountEntry> baseEntries;
  private volatile Hook hook = target -> {};
  private int nextId = 1000;

  public RecordingMounter() {
    this(List.of());
  }

  /** Starts with {@code base} already mounted, e.g. entries parsed from a real mountinfo sample. */
  public RecordingMounter(List<MountEntry> base) {
    this.baseEntries = List.copyOf(base);
  }

  public void hook(Hook hook) {
    this.hook = hook;
  }

  /** The next mount() calls fail with these errnos, in order. */
  public synchronized void failMounts(Integer... errnos) {
    mountFailures.addAll(List.of(errnos));
  }

  /** The next unmount() calls fail with these errnos, in order (e.g. EBUSY to test the retry). */
  public synchronized void failUnmounts(Integer... errnos) {
    unmountFailures.addAll(List.of(errnos));
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized long count(String op) {
    return calls.stream().filter(c -> c.op().equals(op)).count();
  }

  @Override
  public void mount(String source, Path target, String fsType, Set<MountFlag> flags, String data) throws MountException {
    hook.beforeMount(target);
    synchronized (this) {
      calls.add(new Call("mount", source, target, fsType, Set.copyOf(flags), data));
      Integer errno = mountFailures.poll();
      if (errno != null) throw new MountException("mount " + fsType + " at " + target + ": injected (errno " + errno + ")", errno);
      if (!Files.isDirectory(target)) throw new MountException("mount at " + target + ": No such file or directory", Errno.ENOENT);
      boolean bind = flags.contains(MountFlag.BIND);
      String ro = flags.contains(MountFlag.READ_ONLY) ? "ro" : "rw";
      MountEntry entry = bind
          ? new MountEntry(nextId++, 1, "0:0", source, target.toAbsolutePath().normalize(), ro + ",relatime", "ext4", "/dev/fake", "rw")
          : new MountEntry(nextId++, 1, "0:0", "/", target.toAbsolutePath().normalize(), ro + ",relatime", fsType, fsType, data == null ? "" : data);
      List<Path> shown = bind ? List.of(Path.of(source)) : entry.lowerDirs();
      materialise(shown, target);
      table.add(entry);
    }
  }

  @Override
  public synchronized void unmount(Path target, boolean detach) throws MountException {
    calls.add(new Call(detach ? "unmount-detach" : "unmount", null, target, null, Set.of(), null));
    Integer errno = unmountFailures.poll();
    if (errno != null) throw new MountException("unmount at " + target + ": injected (errno " + errno + ")", errno);
    Path p = target.toAbsolutePath().normalize();
    for (int i = table.size() - 1; i >= 0; i--) {
      if (table.get(i).mountPoint().equals(p)) {
        table.remove(i);
        clear(p);
        return;
      }
    }
    throw new MountException("unmount at " + target + ": Invalid argument", Errno.EINVAL);
  }

  @Override
  public synchronized MountTable mounts() {
    List<MountEntry> all = new ArrayList<>(baseEntries);
    all.addAll(table);
    return new MountTable(all);
  }

  private static void materialise(List<Path> shown, Path target) {
    for (Path dir : shown) {
      if (!Files.isDirectory(dir)) continue;
      try (Stream<Path> children = Files.list(dir)) {
        for (Path child : (Iterable<Path>) children::iterator) {
          Path link = target.resolve(child.getFileName().toString());
          if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, child);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void clear(Path target) {
    try (Stream<Path> children = Files.list(target)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (Files.isSymbolicLink(child)) Files.delete(child);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
