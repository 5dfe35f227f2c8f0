package com.astromkey.oci.sandbox;

import static com.astromkey.oci.sandbox.SandboxFixtures.client;
import static com.astromkey.oci.sandbox.SandboxFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.Platform;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LargeLayers;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.MaliciousLayers;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB (compressible) layer extracted by a JVM capped at 64 MiB of heap: proof that nothing buffers layer data.
 * Runs in its own failsafe execution with {@code -Xmx64m} (registry/pom.xml, execution {@code large-layer-xmx64m}).
 */
@RequiresDockerRegistry
class LargeLayerIT {

  static final long ONE_GIB = 1L << 30;

  @TempDir
  Path dir;

  @Test
  void oneGibLayerExtractsWithin64MibOfHeap() throws Exception {
    assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with -Xmx64m").isLessThanOrEqualTo(64L << 20);
    try (LocalRegistry registry = LocalRegistry.builder().tls().start()) {
      LayerBuilder.LayerFile layer = LargeLayers.zeros(MaliciousLayers.tempLayerFile(), ONE_GIB);
      PushedImage image = new ImageFactory(registry).pushImage("astromkey/large", "1", ImageFormat.OCI,
          ImagePlatform.LINUX_AMD64, Map.of(), List.of(layer));
      Path target = dir.resolve("t");

      client(registry).build().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64, target);

      assertThat(Files.size(target.resolve("agent/large.bin"))).isEqualTo(ONE_GIB);
      assertThat(target.resolve("agent/arch")).hasContent("x86_64");
      Files.delete(layer.file());
    }
  }
}
