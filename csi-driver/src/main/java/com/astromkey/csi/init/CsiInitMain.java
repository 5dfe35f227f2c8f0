package com.astromkey.csi.init;

import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.StartupRecovery;
import com.astromkey.csi.mount.LinuxMounter;
import com.astromkey.csi.mount.MountTable;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.PathNames;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Entry point of mode {@code csi-init}: prepares the data dir and removes what a crash left (csi-driver.md §8). */
public final class CsiInitMain {
  private CsiInitMain() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length > 0) {
      boolean help = args.length == 1 && args[0].equals("--help");
      (help ? out : err).println("usage: csi-init   (data dir from " + EnvVars.AK_CSI_DATA_DIR + ", default /data)");
      return help ? 0 : 2;
    }
    DataLayout layout = new DataLayout(Path.of(env.getOrDefault(EnvVars.AK_CSI_DATA_DIR, PathNames.CSI_DATA_DIR)));
    try {
      MountTable mounts = new LinuxMounter().mounts();
      List<String> removed = new StartupRecovery(layout, Clock.systemUTC()).run(mounts);
      out.println("CSI data dir " + layout.root() + " ready (layout " + DataLayout.LAYOUT_VERSION + "); removed " + removed.size()
          + " leftovers" + (removed.isEmpty() ? "" : ": " + String.join(", ", removed)));
      return 0;
    } catch (IOException e) {
      err.println("csi-init failed on " + layout.root() + ": " + e.getMessage());
      return 1;
    }
  }
}
