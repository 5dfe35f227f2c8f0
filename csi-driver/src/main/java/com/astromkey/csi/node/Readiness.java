package com.astromkey.csi.node;

import com.astromkey.csi.layout.DataLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the server can serve: start-up checks passed and the data dir is writable (Identity Probe, §3). */
public final class Readiness {
  private final Path dataDir;
  /** The probe file goes into work/, where GC leaves young entries alone, not into the GC-policed top level. */
  private final Path probeDir;
  private final AtomicReference<String> startupProblem = new AtomicReference<>("start-up checks have not run");

  public Readiness(Path dataDir) {
    this.dataDir = dataDir;
    this.probeDir = dataDir.resolve(DataLayout.WORK);
  }

  public void startupPassed() {
    startupProblem.set(null);
  }

  public void startupFailed(String reason) {
    startupProblem.set(reason);
  }

  /** Empty when ready, else the reason. */
  public Optional<String> problem() {
    String startup = startupProblem.get();
    if (startup != null) return Optional.of(startup);
    Path probe = probeDir.resolve(".probe-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
    try {
      Files.writeString(probe, "ok");
      Files.deleteIfExists(probe);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("data dir " + dataDir + " is not writable: " + e.getMessage());
    }
  }
}
