package com.astromkey.csi.layout;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An installer (image, zip or node-image-pull Job): writes the code-modules tree into an empty work directory on
 * the data file system. The cache owns everything around it: single-flight, library check, metadata, fsync, rename.
 */
@FunctionalInterface
public interface CodeModuleSource {
  CodeModuleOrigin writeTree(Path workDir) throws IOException;
}
