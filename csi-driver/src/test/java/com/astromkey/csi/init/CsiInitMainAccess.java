package com.astromkey.csi.init;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Lets tests in other packages run csi-init against a chosen data dir. */
public final class CsiInitMainAccess {
  private CsiInitMainAccess() {}

  public static int run(Path dataDir) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return CsiInitMain.run(new String[0], Map.of("AK_CSI_DATA_DIR", dataDir.toString()), sink, sink);
  }
}
