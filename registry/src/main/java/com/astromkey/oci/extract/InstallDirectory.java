package com.astromkey.oci.extract;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A private work directory next to the target, renamed into place only when complete, so readers never see a partial
 * install and a failed one leaves nothing behind.
 */
public final class InstallDirectory implements AutoCloseable {

  private final Path target;
  private final Path work;
  private boolean committed;

  private InstallDirectory(Path target, Path work) {
    this.target = target;
    this.work = work;
  }

  /** Creates {@code .<name>.work-<random>} beside the target (same file system, so the final rename is atomic). */
  public static InstallDirectory beside(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    Path work = parent.resolve("." + absolute.getFileName() + ".work-" + UUID.randomUUID());
    Files.createDirectory(work);
    return new InstallDirectory(absolute, work);
  }

  public Path work() {
    return work;
  }

  /** Moves the work directory into place; an existing target is replaced (moved aside first, then deleted). */
  public void commit() throws IOException {
    Path old = null;
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + work + " to " + target + " atomically", e);
    }
    committed = true;
    if (old != null) {
      LayerExtractor.deleteTree(old);
    }
  }

  /** Deletes the work directory unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      LayerExtractor.deleteTree(work);
    }
  }
}
