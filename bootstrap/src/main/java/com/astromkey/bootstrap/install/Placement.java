package com.astromkey.bootstrap.install;

import com.astromkey.domain.names.AgentFiles;
import com.astromkey.oci.extract.LayerExtractor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Moves a completed work directory's top-level entries into the target by rename ({@code --target} is a mount point
 * and cannot itself be replaced). {@code agent} goes last: its library is the "installed" marker that a re-run and the
 * CSI check look for, so the marker never exists next to a half-moved tree.
 */
final class Placement {
  private static final String AGENT_DIR = AgentFiles.AGENT_LIBRARY.substring(0, AgentFiles.AGENT_LIBRARY.indexOf('/'));

  private Placement() {}

  /** Returns the names moved. */
  static List<String> moveInto(Path work, Path target) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(work)) {
      stream.forEach(entries::add);
    }
    entries.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals(AGENT_DIR))
        .thenComparing(p -> p.getFileName().toString()));
    List<String> moved = new ArrayList<>();
    for (Path entry : entries) {
      Path destination = target.resolve(entry.getFileName().toString());
      // leftovers of an earlier, interrupted run in the same pod (an emptyDir survives init-container restarts)
      LayerExtractor.deleteTree(destination);
      Files.move(entry, destination, StandardCopyOption.ATOMIC_MOVE);
      moved.add(entry.getFileName().toString());
    }
    return moved;
  }

  /** The {@code current -> .} link some images carry, recreated only when the source had one. */
  static void linkCurrent(Path target) throws IOException {
    Path link = target.resolve(AgentFiles.CURRENT_LINK);
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      LayerExtractor.deleteTree(link);
    }
    Files.createSymbolicLink(link, Path.of("."));
  }
}
