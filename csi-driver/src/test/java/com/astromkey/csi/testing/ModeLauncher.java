package com.astromkey.csi.testing;

import com.astromkey.csi.liveness.CsiLivenessMain;
import com.astromkey.csi.provisioner.CsiProvisionerMain;
import com.astromkey.csi.server.CsiServerMain;
import java.util.Arrays;

/** Stand-in for the packaging launcher in child-process tests: {@code <mode> <args…>} → the mode's run(), exit code. */
public final class ModeLauncher {
  private ModeLauncher() {}

  public static void main(String[] args) throws Exception {
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    int code;
    switch (args[0]) {
      case "csi-server": code = CsiServerMain.run(rest, System.out, System.err); break;
      case "csi-liveness": code = CsiLivenessMain.run(rest, System.out, System.err); break;
      case "csi-provisioner": code = CsiProvisionerMain.run(rest, System.out, System.err); break;
      default: throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    System.exit(code);
  }
}
