package com.astromkey.packaging.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the release's multi-arch JRE base: a two-platform Docker manifest list with a placeholder {@code java},
 * pushed to the sandbox registry, so the image build runs in tests without pulling anything from outside.
 */
public final class SyntheticBase {
  private SyntheticBase() {}

  /** Pushes the base and returns its reference pinned by digest, as a release base is. */
  public static String push(String repositoryReference, String user, String password, Path work) throws Exception {
    Path java = Files.writeString(work.resolve("java"), "#!/bin/sh\necho 'synthetic JRE 17 base for tests'\n", StandardCharsets.UTF_8);
    Path osRelease = Files.writeString(work.resolve("os-release"), "ID=synthetic\nNAME=\"astromkey test base\"\n", StandardCharsets.UTF_8);
    FileEntriesLayer layer = FileEntriesLayer.builder().setName("jre")
        .addEntry(java, AbsoluteUnixPath.get("/opt/java/bin/java"), FilePermissions.fromOctalString("755"))
        .addEntry(osRelease, AbsoluteUnixPath.get("/etc/os-release"))
        .build();
    ExecutorService executor = Executors.newCachedThreadPool();
    try {
      JibContainer base = Jib.fromScratch()
          .setPlatforms(OperatorImage.platforms())
          .addFileEntriesLayer(layer)
          .setEnvironment(Map.of("JAVA_HOME", "/opt/java", "PATH", "/opt/java/bin:/usr/bin:/bin"))
          .containerize(Containerizer.to(RegistryImage.named(repositoryReference).addCredential(user, password))
              .setExecutorService(executor)
              .setBaseImageLayersCache(work.resolve("cache/base"))
              .setApplicationLayersCache(work.resolve("cache/app")));
      String repository = repositoryReference.substring(0, repositoryReference.lastIndexOf(':'));
      return repository + "@" + base.getDigest();
    } finally {
      executor.shutdownNow();
    }
  }
}
