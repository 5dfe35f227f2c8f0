package com.astromkey.packaging.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A code change re-pushes only our small layer: builds the image layers twice with jib-core from the real {@code target/app}
 * layout, the second time with one class changed in an astromkey jar, and compares the layer digests. Written to a local
 * image tarball instead of a registry: layer digests depend only on the layer contents, so a push would add time, not proof.
 */
class OperatorImageLayersIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path APP = Path.of("target/app");
  static final String CHANGED_CLASS = "com/astromkey/launcher/Main.class";

  /** Digest and size of each layer, bottom first, as written by jib. */
  record Layer(String digest, long size) {}

  @Test
  void aChangedClassChangesOnlyTheProjectJarLayer(@TempDir Path work) throws Exception {
    Path before = copyApp(work.resolve("before"));
    Path after = copyApp(work.resolve("after"));
    Path jar = after.resolve("lib/astromkey-packaging-" + com.astromkey.launcher.Main.VERSION + ".jar");
    changeOneClass(jar);

    List<Layer> first = layers(build(before, work.resolve("before.tar"), work.resolve("cache-1")));
    List<Layer> second = layers(build(after, work.resolve("after.tar"), work.resolve("cache-2")));

    assertThat(first).as("libs and lib layers").hasSize(2);
    assertThat(second.get(0)).as("third-party jars (/app/libs)").isEqualTo(first.get(0));
    assertThat(second.get(1).digest()).as("our jars (/app/lib)").isNotEqualTo(first.get(1).digest());
    // the point of the split: what a code change uploads is the small layer, not the dependencies
    assertThat(first.get(1).size()).as("lib layer against libs layer").isLessThan(first.get(0).size() / 2);
  }

  @Test
  void sameInputsGiveTheSameLayers(@TempDir Path work) throws Exception {
    Path app = copyApp(work.resolve("app"));
    List<Layer> first = layers(build(app, work.resolve("1.tar"), work.resolve("cache-1")));
    List<Layer> second = layers(build(app, work.resolve("2.tar"), work.resolve("cache-2")));
    assertThat(second).isEqualTo(first);
  }

  static Path copyApp(Path dir) throws IOException {
    for (String sub : List.of("libs", "lib")) {
      Path target = Files.createDirectories(dir.resolve(sub));
      try (Stream<Path> files = Files.list(APP.resolve(sub))) {
        for (Path f : files.toList()) {
          Files.copy(f, target.resolve(f.getFileName()));
        }
      }
    }
    return dir;
  }

  /** Rewrites the jar with one class's bytes changed (a same-length constant, so the class file stays well-formed); entry times kept. */
  static void changeOneClass(Path jar) throws IOException {
    Path out = jar.resolveSibling(jar.getFileName() + ".new");
    boolean changed = false;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals(CHANGED_CLASS)) {
          bytes = replaceFirst(bytes, "astromkey".getBytes(StandardCharsets.UTF_8), "astromkex".getBytes(StandardCharsets.UTF_8));
          changed = true;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        zip.putNextEntry(copy);
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    assertThat(changed).as(CHANGED_CLASS + " in " + jar).isTrue();
    Files.move(out, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static byte[] replaceFirst(byte[] bytes, byte[] from, byte[] to) {
    outer:
    for (int i = 0; i + from.length <= bytes.length; i++) {
      for (int j = 0; j < from.length; j++) {
        if (bytes[i + j] != from[j]) {
          continue outer;
        }
      }
      byte[] copy = bytes.clone();
      System.arraycopy(to, 0, copy, i, to.length);
      return copy;
    }
    throw new AssertionError("constant not found in " + CHANGED_CLASS);
  }

  /** The application layers of OperatorImage on an empty base, as the release build adds them. */
  static Path build(Path app, Path tar, Path cache) throws Exception {
    JibContainerBuilder builder = Jib.fromScratch().setFormat(ImageFormat.Docker).setCreationTime(Instant.EPOCH)
        .setEntrypoint(OperatorImage.ENTRYPOINT).setProgramArguments(OperatorImage.CMD).setUser(OperatorImage.USER);
    for (FileEntriesLayer layer : OperatorImage.layers(app)) {
      builder.addFileEntriesLayer(layer);
    }
    // a small fixed pool deadlocks jib's step runner: use a cached one, as OperatorImageBuilder does
    ExecutorService executor = Executors.newCachedThreadPool();
    try {
      builder.containerize(Containerizer.to(TarImage.at(tar).named(ImageReference.parse("astromkey-operator:layers")))
          .setExecutorService(executor).setApplicationLayersCache(cache).setBaseImageLayersCache(cache.resolve("base"))
          .setToolName("astromkey-operator-layers-it"));
    } finally {
      executor.shutdownNow();
      executor.awaitTermination(10, TimeUnit.SECONDS);
    }
    return tar;
  }

  /** Layers from the tarball's manifest.json, with each layer file's size; names are the compressed layer digests. */
  static List<Layer> layers(Path tar) throws IOException {
    Map<String, Long> sizes = new HashMap<>();
    JsonNode manifest = null;
    try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
        if (e.getName().equals("manifest.json")) {
          manifest = JSON.readTree(archive.readAllBytes());
        } else {
          sizes.put(e.getName(), e.getSize());
        }
      }
    }
    assertThat(manifest).as("manifest.json in " + tar).isNotNull();
    List<Layer> out = new ArrayList<>();
    for (JsonNode layer : manifest.path(0).path("Layers")) {
      String name = layer.asText();
      out.add(new Layer(name, sizes.getOrDefault(name, -1L)));
    }
    return out;
  }
}
