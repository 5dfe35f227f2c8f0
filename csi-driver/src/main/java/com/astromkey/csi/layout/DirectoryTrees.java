package com.astromkey.csi.layout;

import com.astromkey.csi.mount.MountTable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/** Recursive delete, size and fsync of directory trees in the data dir, never following symlinks. */
public final class DirectoryTrees {
  private DirectoryTrees() {}

  /**
   * Deletes {@code dir} and everything below it, or nothing at all when a mount point lies at or below it: deleting
   * through a live mount would wipe a pod's files or the installed version it runs on.
   *
   * @return false when refused because of a mount
   */
  public static boolean deleteUnlessMounted(Path dir, MountTable mounts) throws IOException {
    if (mounts.hasMountAtOrBelow(dir)) return false;
    // mountinfo shows resolved paths; a data dir reached through a symlink must be compared resolved too
    if (Files.exists(dir) && mounts.hasMountAtOrBelow(dir.toRealPath())) return false;
    delete(dir);
    return true;
  }

  /** Deletes a file, a symlink (not its target) or a whole tree; missing is fine. */
  public static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(path);
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        // a concurrent unpublish or GC may remove entries while we walk
        if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Sum of regular file sizes below {@code dir}; 0 when missing. */
  public static long size(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
    AtomicLong total = new AtomicLong();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) total.addAndGet(attrs.size());
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return total.get();
  }

  /** Flushes every file and directory so that the rename that publishes the tree never exposes lost data after a crash. */
  public static void fsync(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) force(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) throw e;
        force(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void force(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
