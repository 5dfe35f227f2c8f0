package com.astromkey.bootstrap.install;

import com.astromkey.domain.names.AgentFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Copies a code-modules tree into the work directory: permission bits kept (nine rwx bits only, so no setuid/setgid),
 * symlinks copied as links, never followed; the top-level {@code current} link is left to the placement.
 */
final class TreeCopy {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path source;
  private final Path work;
  private final TechnologyFilter filter;
  private final CopyListener listener;
  // directory modes are applied last, so a read-only source directory can still receive its files
  private final Map<String, Set<PosixFilePermission>> directoryModes = new TreeMap<>();
  private final List<String> skipped = new ArrayList<>();
  private int files;

  TreeCopy(Path source, Path work, TechnologyFilter filter, CopyListener listener) {
    this.source = source;
    this.work = work;
    this.filter = filter;
    this.listener = listener;
  }

  /** Returns the number of files and links copied. */
  int run() throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String rel = relative(dir);
        if (!rel.isEmpty() && filter.copiesEverything()) {
          ensureDirectory(rel);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String rel = relative(file);
        if (rel.equals(AgentFiles.CURRENT_LINK) || !filter.includes(rel)) {
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isSymbolicLink()) {
          ensureParent(rel);
          Files.createSymbolicLink(work.resolve(rel), Files.readSymbolicLink(file));
        } else if (attrs.isRegularFile()) {
          ensureParent(rel);
          Path copy = work.resolve(rel);
          Files.copy(file, copy, NOFOLLOW);
          Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(file, NOFOLLOW));
        } else {
          skipped.add(rel);
          return FileVisitResult.CONTINUE;
        }
        files++;
        listener.copied(rel);
        return FileVisitResult.CONTINUE;
      }
    });
    applyDirectoryModes();
    return files;
  }

  /** Devices, FIFOs and sockets in the source: never copied. */
  List<String> skipped() {
    return List.copyOf(skipped);
  }

  private void ensureParent(String rel) throws IOException {
    int slash = rel.lastIndexOf('/');
    if (slash > 0) {
      ensureDirectory(rel.substring(0, slash));
    }
  }

  private void ensureDirectory(String rel) throws IOException {
    if (directoryModes.containsKey(rel)) {
      return;
    }
    ensureParent(rel);
    Path dir = work.resolve(rel);
    Files.createDirectory(dir);
    directoryModes.put(rel, Files.getPosixFilePermissions(source.resolve(rel), NOFOLLOW));
  }

  private void applyDirectoryModes() throws IOException {
    // deepest first: a read-only parent must not stop the chmod of its children
    List<String> dirs = new ArrayList<>(directoryModes.keySet());
    dirs.sort((a, b) -> Integer.compare(b.length(), a.length()));
    for (String rel : dirs) {
      Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
      mode.addAll(directoryModes.get(rel));
      Files.setPosixFilePermissions(work.resolve(rel), mode);
    }
  }

  private String relative(Path path) {
    return source.relativize(path).toString().replace('\\', '/');
  }
}
