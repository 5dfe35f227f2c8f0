package com.astromkey.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The test code-modules tree (README §5.1 agent contract) with a per-file technology manifest of bootstrap.md §2.3. */
final class CodeModulesTree {
  static final String VERSION = "1.301.0.20240915-120000";
  static final String IMAGE_CONF = "[general]\n# image defaults\nlogDir ../log\ndataStorageDir ../datastorage\n"
      + "libraryPath64 \"../agent/lib64\"\nlibraryPath32 \"../agent/lib\"\n\n[agentType]\njava off\n";

  private CodeModulesTree() {}

  /** Writes the tree into {@code root} (created) and returns it. */
  static Path write(Path root) throws IOException {
    file(root, "agent/lib64/liboneagentproc.so", "astromkey-test-agent " + VERSION + " x86\n", "rwxr-xr-x");
    Files.createSymbolicLink(root.resolve("agent/lib64/liboneagentloader.so"), Path.of("liboneagentproc.so"));
    file(root, "agent/lib/liboneagentproc.so", "astromkey-test-agent 32-bit\n", "rwxr-xr-x");
    file(root, "agent/conf/akagentproc.conf", IMAGE_CONF, "rw-r--r--");
    file(root, "agent/conf/sub/extra.conf", "extra\n", "rw-r-----");
    for (String tech : new String[] {"java", "nodejs", "php"}) {
      file(root, "agent/tech/" + tech + "/x86/lib" + tech + ".so", tech + " x86\n", "rw-r--r--");
      file(root, "agent/tech/" + tech + "/arm/lib" + tech + ".so", tech + " arm\n", "rw-r--r--");
    }
    file(root, "agent/bin/helper", "#!/bin/sh\nexit 0\n", "rwxr-x---");
    Files.createDirectories(root.resolve("agent/empty"));
    file(root, "manifest.json", manifest(), "rw-r--r--");
    Files.createSymbolicLink(root.resolve("current"), Path.of("."));
    return root;
  }

  private static String manifest() {
    StringBuilder techs = new StringBuilder();
    for (String tech : new String[] {"java", "nodejs", "php"}) {
      if (techs.length() > 0) {
        techs.append(',');
      }
      techs.append('"').append(tech).append("\":{\"x86\":[{\"path\":\"agent/tech/").append(tech).append("/x86/lib")
          .append(tech).append(".so\"}],\"arm\":[{\"path\":\"./agent/tech/").append(tech).append("/arm/lib")
          .append(tech).append(".so\"}]}");
    }
    return "{\"version\":\"" + VERSION + "\",\"technologies\":{" + techs + "}}\n";
  }

  static void file(Path root, String relative, String content, String mode) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }
}
