package com.astromkey.bootstrap.configure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes into the config volume with files 0666 and directories 0777 (bootstrap.md §2): the application containers may
 * run as any uid, and the agent writes its state next to these files.
 */
final class ConfigFiles {
  private final Path root;

  ConfigFiles(Path root) {
    this.root = root;
  }

  /** {@code relative} below the config volume; missing directories are created (the volume root itself is left alone). */
  void write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    directories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
  }

  private void directories(Path dir) throws IOException {
    if (dir.equals(root) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    directories(dir.getParent());
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }
}
