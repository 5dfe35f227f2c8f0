package com.astromkey.packaging.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** What the astromkey-operator image contains and how it starts (helm-and-image.md §6.1), independent of where it is pushed. */
public final class OperatorImage {
  public static final String TITLE = "astromkey-operator";
  public static final List<String> ENTRYPOINT = List.of("java", "-cp", "/app/libs/*:/app/lib/*", "com.astromkey.launcher.Main");
  public static final List<String> CMD = List.of("operator");
  public static final String USER = "1001:1001";
  public static final String WORKING_DIRECTORY = "/";
  public static final AbsoluteUnixPath LIBS = AbsoluteUnixPath.get("/app/libs");
  public static final AbsoluteUnixPath LIB = AbsoluteUnixPath.get("/app/lib");
  /** Jar names that are build tooling and must never reach /app/libs (README §6.1). */
  public static final List<String> BUILD_TIME_JAR_PREFIXES = List.of("jib-core", "jib-build-plan", "google-http-client", "crd-generator",
      "astromkey-sandbox");

  private OperatorImage() {}

  /** linux/amd64 then linux/arm64: a LinkedHashSet, because the manifest list's digest depends on the order. */
  public static Set<Platform> platforms() {
    return new LinkedHashSet<>(List.of(new Platform("amd64", "linux"), new Platform("arm64", "linux")));
  }

  public static Map<String, String> labels(String version, String revision, String source) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", TITLE);
    labels.put("org.opencontainers.image.version", version);
    labels.put("org.opencontainers.image.revision", revision);
    labels.put("org.opencontainers.image.source", source);
    labels.put("com.astromkey.build-version", version);
    return labels;
  }

  /**
   * The two application layers, from the runnable layout the build writes to {@code target/app}: third-party jars (change
   * rarely, so they sit below) and our own jars. Files are added in name order with jib's fixed modification time, so the
   * layer digests depend on the jar bytes only.
   */
  public static List<FileEntriesLayer> layers(Path appDir) throws IOException {
    return List.of(layer("libs", appDir.resolve("libs"), LIBS), layer("lib", appDir.resolve("lib"), LIB));
  }

  private static FileEntriesLayer layer(String name, Path dir, AbsoluteUnixPath target) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " does not exist; run 'mvn -B -pl packaging -am package' first");
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    }
    if (jars.isEmpty()) {
      throw new IOException(dir + " holds no jar");
    }
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    for (Path jar : jars) {
      String file = jar.getFileName().toString();
      if (target.equals(LIBS) && BUILD_TIME_JAR_PREFIXES.stream().anyMatch(file::startsWith)) {
        throw new IOException(jar + " is build tooling and must not be in the image");
      }
      // jib's defaults: mode 644, owner root, modification time epoch + 1 s (reproducible)
      layer.addEntry(jar, target.resolve(file));
    }
    return layer.build();
  }
}
