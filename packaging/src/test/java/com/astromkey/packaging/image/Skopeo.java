package com.astromkey.packaging.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** skopeo as the independent client that checks what the image builder pushed. */
public final class Skopeo {
  /** Exit code and output of one skopeo run. */
  public record Result(int exitCode, String stdout, String stderr) {
    Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("skopeo failed (" + exitCode + "): " + stderr);
      }
      return this;
    }
  }

  private final Path certDir;
  private final String credentials;

  public Skopeo(Path certDir, String credentials) {
    this.certDir = certDir;
    this.credentials = credentials;
  }

  /** Skips the calling test when skopeo is missing, except with CI=true where it fails. */
  public static void require() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "skopeo"))) {
        return;
      }
    }
    String why = "skopeo not found; install it with 'apt-get install -y skopeo'";
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  /** {@code skopeo inspect --raw}: the manifest exactly as stored (for a list, the list; {@code --raw} resolves no platform). */
  public String raw(String reference, String arch) {
    return run(arch, List.of("inspect", "--raw", "--creds", credentials, "--cert-dir", certDir.toString(), "docker://" + reference))
        .ok().stdout();
  }

  /** {@code skopeo inspect --config} of one platform. */
  public String config(String reference, String arch) {
    return run(arch, List.of("inspect", "--config", "--creds", credentials, "--cert-dir", certDir.toString(), "docker://" + reference))
        .ok().stdout();
  }

  /** Copies one platform of the image into a {@code dir:} layout (blobs named by their digest's hex). */
  public void copyToDir(String reference, String arch, Path dir) {
    run(arch, List.of("copy", "--src-creds", credentials, "--src-cert-dir", certDir.toString(), "docker://" + reference, "dir:" + dir)).ok();
  }

  private static Result run(String arch, List<String> args) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--override-os", "linux"));
    if (arch != null) {
      command.addAll(List.of("--override-arch", arch));
    }
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("skopeo did not finish: " + command);
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
