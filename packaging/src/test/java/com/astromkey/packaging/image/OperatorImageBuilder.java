package com.astromkey.packaging.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Build-time step (test sources, so jib-core never reaches the runtime class path): builds the astromkey-operator image with
 * jib-core on a multi-platform base and pushes it as one Docker manifest list. Run by {@code mvn -Pimage package} through
 * {@link #main} and by {@code OperatorImageIT} against the sandbox registry.
 */
public final class OperatorImageBuilder {

  /** Where the image is built from and pushed to, and what it is labelled with. */
  public record Request(String base, Credential baseCredential, String target, Credential targetCredential, Path appDir,
      String version, String revision, String source, Path cacheDir, boolean allowInsecure) {}

  /** The pushed manifest list. */
  public record Built(String reference, String digest) {}

  private OperatorImageBuilder() {}

  public static Built build(Request request) throws Exception {
    RegistryImage base = registryImage(request.base(), request.baseCredential());
    JibContainerBuilder builder = Jib.from(base)
        .setPlatforms(OperatorImage.platforms())
        .setEntrypoint(OperatorImage.ENTRYPOINT)
        .setProgramArguments(OperatorImage.CMD)
        .setUser(OperatorImage.USER)
        .setWorkingDirectory(com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath.get(OperatorImage.WORKING_DIRECTORY))
        .setLabels(OperatorImage.labels(request.version(), request.revision(), request.source()))
        // jib-core cannot write a multi-platform OCI index; Docker v2.2 manifests in a Docker manifest list it can
        .setFormat(ImageFormat.Docker)
        .setCreationTime(Instant.EPOCH);
    for (FileEntriesLayer layer : OperatorImage.layers(request.appDir())) {
      builder.addFileEntriesLayer(layer);
    }
    // a small fixed pool deadlocks jib's step runner (stack.md §5): use a cached one
    ExecutorService executor = Executors.newCachedThreadPool();
    try {
      JibContainer container = builder.containerize(Containerizer.to(registryImage(request.target(), request.targetCredential()))
          .setExecutorService(executor)
          .setAllowInsecureRegistries(request.allowInsecure())
          .setToolName("astromkey-operator-image-builder")
          .setBaseImageLayersCache(request.cacheDir().resolve("base"))
          .setApplicationLayersCache(request.cacheDir().resolve("app")));
      return new Built(request.target(), container.getDigest().toString());
    } finally {
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static RegistryImage registryImage(String reference, Credential credential) throws InvalidImageReferenceException {
    RegistryImage image = RegistryImage.named(ImageReference.parse(reference));
    return credential == null ? image : image.addCredential(credential.getUsername(), credential.getPassword());
  }

  /**
   * {@code mvn -B -Pimage package -Dak.image.base=<jre image>@sha256:<digest> -Dak.image.target=<repo>:<tag>}; the target can
   * also come from {@code AK_IMAGE_TARGET}, registry credentials from {@code AK_IMAGE_USERNAME}/{@code AK_IMAGE_PASSWORD};
   * optional {@code -Dak.image.revision} (default: git HEAD), {@code -Dak.image.source} and {@code -Dak.image.allowInsecure=true}
   * (plain-HTTP or self-signed registries, for local trials).
   */
  public static void main(String[] args) throws Exception {
    String base = setting("ak.image.base", "AK_IMAGE_BASE", null);
    String target = setting("ak.image.target", "AK_IMAGE_TARGET", null);
    if (base == null || target == null) {
      throw new IllegalArgumentException("set -Dak.image.base=<multi-arch JRE 17 image>@sha256:<digest> and -Dak.image.target=<repo>:<tag>");
    }
    if (!base.contains("@sha256:")) {
      // a tag can move; a release must be rebuildable bit for bit
      throw new IllegalArgumentException("ak.image.base must be pinned by digest (<image>@sha256:<digest>): " + base);
    }
    String user = System.getenv("AK_IMAGE_USERNAME");
    String password = System.getenv("AK_IMAGE_PASSWORD");
    Credential credential = user == null || password == null ? null : Credential.from(user, password);
    Path packaging = Path.of(setting("ak.image.packagingDir", null, "."));
    String version = setting("ak.image.version", null, com.astromkey.launcher.Main.VERSION);
    String revision = setting("ak.image.revision", null, git(packaging, "rev-parse", "HEAD"));
    // not taken from the clone's remote, which may be a local path of the build machine
    String source = setting("ak.image.source", null, "unknown");
    // plain HTTP or an untrusted certificate only when asked for (a local test registry), never by default
    boolean insecure = Boolean.parseBoolean(setting("ak.image.allowInsecure", null, "false"));
    Built built = build(new Request(base, credential, target, credential, packaging.resolve("target/app"), version, revision, source,
        packaging.resolve("target/jib-cache"), insecure));
    System.out.println("pushed " + built.reference() + "@" + built.digest() + " (linux/amd64, linux/arm64)");
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if ((value == null || value.isBlank()) && env != null) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String git(Path dir, String... args) {
    try {
      String[] command = new String[args.length + 3];
      command[0] = "git";
      command[1] = "-C";
      command[2] = dir.toString();
      System.arraycopy(args, 0, command, 3, args.length);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
    } catch (Exception e) {
      return "unknown";
    }
  }
}
