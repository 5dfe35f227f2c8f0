package com.astromkey.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an independent command-line client (skopeo, curl) and captures its exit code and output. */
public final class Cli {

  private Cli() {}

  public record Result(int exitCode, String stdout, String stderr) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("exit " + exitCode + ": " + stderr + stdout);
      }
      return this;
    }
  }

  public static Result run(String... command) {
    try {
      Process p = new ProcessBuilder(command).start();
      var out = p.getInputStream();
      var err = p.getErrorStream();
      // read stderr on another thread so neither pipe can fill up and block the child
      StringBuilder errText = new StringBuilder();
      Thread t = new Thread(() -> {
        try {
          errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // the process is gone; whatever was read is enough
        }
      });
      t.start();
      String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      t.join();
      return new Result(p.exitValue(), stdout, errText.toString());
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code skopeo inspect --raw docker://<ref>} with TLS and credential options derived from the arguments. */
  public static Result skopeoInspectRaw(String reference, java.nio.file.Path certDir, String creds) {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
    if (certDir == null) {
      cmd.add("--tls-verify=false");
    } else {
      cmd.add("--cert-dir");
      cmd.add(certDir.toString());
    }
    if (creds != null) {
      cmd.add("--creds");
      cmd.add(creds);
    } else {
      cmd.add("--no-creds");
    }
    cmd.add("docker://" + reference);
    return run(cmd.toArray(String[]::new));
  }
}
