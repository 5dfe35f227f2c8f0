package com.astromkey.oci.sandbox;

import static com.astromkey.oci.sandbox.SandboxFixtures.client;
import static com.astromkey.oci.sandbox.SandboxFixtures.listing;
import static com.astromkey.oci.sandbox.SandboxFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.extract.ExtractionLimits;
import com.astromkey.oci.extract.ExtractionRules;
import com.astromkey.oci.extract.UnsafeLayerEntryException;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.MaliciousLayers;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and special layers from the sandbox image factory, pulled from the real registry and extracted (§8). */
@RequiresDockerRegistry
class SandboxExtractionIT {

  static LocalRegistry registry;
  static ImageFactory images;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().tls().start();
    images = new ImageFactory(registry);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  private PushedImage push(String repo, LayerBuilder.LayerBlob... layers) {
    return images.pushImage(repo, "1", ImageFormat.OCI, ImagePlatform.LINUX_AMD64, Map.of(), List.of(layers));
  }

  static Stream<Arguments> maliciousLayers() {
    return Stream.of(
        Arguments.of("abs-path", (Supplier<LayerBuilder>) MaliciousLayers::absPath, ExtractionRules.ABSOLUTE_PATH),
        Arguments.of("dotdot", (Supplier<LayerBuilder>) MaliciousLayers::dotdot, ExtractionRules.PARENT_TRAVERSAL),
        Arguments.of("symlink-escape", (Supplier<LayerBuilder>) MaliciousLayers::symlinkEscape,
            ExtractionRules.SYMLINK_ESCAPE),
        Arguments.of("absolute-symlink-escape", (Supplier<LayerBuilder>) MaliciousLayers::absoluteSymlinkEscape,
            ExtractionRules.SYMLINK_ESCAPE),
        Arguments.of("hardlink-escape", (Supplier<LayerBuilder>) MaliciousLayers::hardlinkEscape,
            ExtractionRules.HARDLINK_ESCAPE),
        Arguments.of("parent-symlink", (Supplier<LayerBuilder>) MaliciousLayers::parentSymlink,
            ExtractionRules.PARENT_SYMLINK),
        Arguments.of("device-node", (Supplier<LayerBuilder>) MaliciousLayers::deviceNode, ExtractionRules.DEVICE_OR_FIFO),
        Arguments.of("fifo", (Supplier<LayerBuilder>) MaliciousLayers::fifo, ExtractionRules.DEVICE_OR_FIFO));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maliciousLayers")
  void maliciousLayerIsRejectedWithItsRuleAndNothingIsWritten(String variant, Supplier<LayerBuilder> layer, String rule)
      throws Exception {
    PushedImage image = push("malicious/" + variant, layer.get().build());
    Path parent = Files.createDirectories(dir.resolve("csi/codemodules"));
    List<String> before = listing(parent);
    boolean tmpMarkerBefore = Files.exists(Path.of("/tmp/dotdot.txt"));
    String passwdBefore = Files.readString(Path.of("/etc/passwd"));

    assertThatThrownBy(() -> client(registry).build().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64,
        parent.resolve("1.0")))
        .isInstanceOfSatisfying(UnsafeLayerEntryException.class, e -> {
          assertThat(e.rule()).isEqualTo(rule);
          assertThat(e.layerDigest()).isEqualTo(image.layers().get(0).digest());
          assertThat(e.getMessage()).startsWith("UnsafeLayerEntry: layer " + e.layerDigest() + ", entry '");
        });

    assertThat(listing(parent)).isEqualTo(before);
    assertThat(listing(dir)).containsExactly("csi");
    assertThat(Files.exists(Path.of("/tmp/dotdot.txt"))).isEqualTo(tmpMarkerBefore);
    assertThat(Files.readString(Path.of("/etc/passwd"))).isEqualTo(passwdBefore);
  }

  @Test
  void gzipBombIsStoppedAtTheByteLimit() throws Exception {
    // the rule is the same at 4 GiB; a 64 MiB limit keeps the test fast
    long limit = 64L << 20;
    LayerBuilder.LayerFile bomb = MaliciousLayers.gzipBomb(MaliciousLayers.tempLayerFile(), limit + 1);
    PushedImage image = push("malicious/gzip-bomb", bomb);

    assertThatThrownBy(() -> client(registry).extractionLimits(new ExtractionLimits(limit, 500_000)).build()
        .pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64, dir.resolve("t")))
        .isInstanceOfSatisfying(UnsafeLayerEntryException.class,
            e -> assertThat(e.rule()).isEqualTo(ExtractionRules.TOO_MANY_BYTES));
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void tooManyEntriesIsADecompressionBomb() {
    PushedImage image = push("malicious/many", MaliciousLayers.manyEntries(200).build());

    assertThatThrownBy(() -> client(registry).extractionLimits(new ExtractionLimits(1L << 30, 100)).build()
        .pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64, dir.resolve("t")))
        .isInstanceOfSatisfying(UnsafeLayerEntryException.class,
            e -> assertThat(e.rule()).isEqualTo(ExtractionRules.TOO_MANY_ENTRIES));
  }

  @Test
  void blobWhoseBytesDoNotMatchItsDigestIsRejectedAndLeavesNoFiles() {
    PushedImage image = images.pushBadDigestImage("astromkey/bad-digest", "1", ImagePlatform.LINUX_AMD64);

    assertThatThrownBy(() -> client(registry).build().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64,
        dir.resolve("t")))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
        .hasMessageContaining("blob " + image.layers().get(0).digest());
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void whiteoutAndOpaqueWhiteoutLayersProduceTheExpectedTree() throws Exception {
    PushedImage image = push("astromkey/updated", TestImages.codeModules("2.0", ImagePlatform.LINUX_AMD64).build(),
        TestImages.whiteoutUpdate().build());
    Path target = dir.resolve("t");

    client(registry).build().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64, target);

    assertThat(listing(target.resolve("agent/tech"))).containsExactly("java", "nodejs");
    assertThat(listing(target.resolve("agent/conf"))).containsExactly("replaced.conf");
    assertThat(target.resolve("agent/arch")).hasContent("x86_64");
    assertThat(target.resolve("bootstrap")).doesNotExist(); // outside the subtree
  }

  @Test
  void zstdLayerIsUnsupported() {
    PushedImage image = push("astromkey/zstd", MaliciousLayers.zstd());

    assertThatThrownBy(() -> client(registry).build().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64,
        dir.resolve("t")))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_LAYER));
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void reinstallReplacesAnExistingTargetAtomically() throws Exception {
    PushedImage v1 = push("astromkey/reinstall", TestImages.codeModules("1.0", ImagePlatform.LINUX_AMD64).build());
    Path target = dir.resolve("t");
    client(registry).build().pullAndExtract(ref(v1.reference()), Platform.LINUX_AMD64, target);
    Files.writeString(target.resolve("stale"), "from before");

    client(registry).build().pullAndExtract(ref(v1.reference()), Platform.LINUX_AMD64, target);

    assertThat(target.resolve("stale")).doesNotExist();
    assertThat(listing(dir)).containsExactly("t");
  }
}
