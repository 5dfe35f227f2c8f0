package com.astromkey.csi.provisioner;

import static com.astromkey.csi.provisioner.ProvisionerHarness.await;
import static com.astromkey.domain.names.CsiVolumeAttributes.DYNAKUBE;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.server.CsiServer;
import com.astromkey.csi.server.CsiServerConfig;
import com.astromkey.csi.testing.CsiClient;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec "done when": ten concurrent NodePublishVolume calls for a version that is not on the node yet cause exactly one
 * download of each layer from the REAL sandbox registry, however many DynaKubes name the image (tag and digest).
 */
@RequiresDockerRegistry
@EnableKubernetesMockClient(crud = true)
class ConcurrentPublishSingleDownloadIT {
  static final RegistryUser PUSHER = RegistryUser.pushPull("pusher", "pusher-pass");
  static final RegistryUser ALICE = RegistryUser.pullOnly("alice", "alice-pass");
  static final String VERSION = "1.305.0";
  static final int PUBLISHES = 10;
  static LocalRegistry registry;
  static ImageFactory images;

  KubernetesClient client;
  @TempDir Path tmp;
  private ProvisionerHarness harness;

  @BeforeAll
  static void startRegistry() {
    registry = LocalRegistry.builder().basicAuth(PUSHER, ALICE).tls().start();
    images = new ImageFactory(registry);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void start() throws Exception {
    ProvisionerHarness.prepareCluster(client);
    client.configMaps().resource(DynaKubeFixtures.trustedCas("registry-ca", Files.readString(registry.caPem()))).create();
    client.secrets().resource(DynaKubeFixtures.dockerConfigSecret("alice-pull", registry.host(), ALICE.name(), ALICE.password()))
        .create();
    harness = ProvisionerHarness.start(client, tmp.resolve("data"), Duration.ofMinutes(5), Optional.empty());
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private DynaKube imageDynaKube(String name, String image) {
    return DynaKubeFixtures.privateRegistry(name, image, "registry-ca", Optional.of("alice-pull"));
  }

  @Test
  void tenConcurrentPublishesOfANewVersionCauseExactlyOneDownloadPerLayer() throws Exception {
    // three layers, two of them a few MB, so that the download takes long enough for the publishes to pile up behind it
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    platforms.put(ImagePlatform.LINUX_AMD64, List.of(TestImages.codeModules(VERSION, ImagePlatform.LINUX_AMD64).build(),
        LayerBuilder.create().zeros(TestImages.AGENT_ROOT + "agent/lib64/filler-1.so", 6 << 20).gzipLevel(0).build(),
        LayerBuilder.create().zeros(TestImages.AGENT_ROOT + "agent/lib/filler-2.so", 6 << 20).gzipLevel(0).build()));
    platforms.put(ImagePlatform.LINUX_ARM64_V8, List.of(TestImages.codeModules(VERSION, ImagePlatform.LINUX_ARM64_V8).build()));
    PushedIndex index = images.pushIndex("astromkey/codemodules-burst", VERSION, ImageFormat.OCI, platforms,
        TestImages.labels(VERSION), false);
    PushedImage amd64 = index.image(ImagePlatform.LINUX_AMD64);
    String key = "sha256-" + amd64.digest().substring("sha256:".length());
    registry.clearAccessLog();

    Path kubelet = tmp.resolve("kubelet");
    Path socket = tmp.resolve("csi/csi.sock");
    Files.createDirectories(socket.getParent());
    ExecutorService pool = Executors.newFixedThreadPool(PUBLISHES);
    try (CsiServer server = CsiServer.start(new CsiServerConfig(socket, ProvisionerHarness.NODE, kubelet, harness.layout.root(), 20, 0),
            new CsiServer.Parts(harness.mounter, harness.cache, PodEvents.logging(), harness.clock, new SimpleMeterRegistry(), d -> {}));
        CsiClient csi = new CsiClient(socket)) {
      // half of the pods belong to a DynaKube naming the tag, half to one naming the digest: both resolve to one key
      List<String> dynakubes = List.of("burst-tag", "burst-digest");
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch refused = new CountDownLatch(1);
      List<CompletableFuture<Integer>> publishes = new ArrayList<>();
      for (int i = 0; i < PUBLISHES; i++) {
        String volumeId = "vol-" + i;
        String dk = dynakubes.get(i % 2);
        publishes.add(CompletableFuture.supplyAsync(() -> publishLikeTheKubelet(csi, kubelet, volumeId, dk, go, refused), pool));
      }
      go.countDown();
      // the DynaKubes appear only once the publishes are already being refused: they really race the install
      assertThat(refused.await(30, TimeUnit.SECONDS)).isTrue();
      harness.create(imageDynaKube("burst-tag", index.reference()));
      harness.create(imageDynaKube("burst-digest", registry.host() + "/astromkey/codemodules-burst@" + index.digest()));

      List<Integer> unavailable = new ArrayList<>();
      for (CompletableFuture<Integer> p : publishes) unavailable.add(p.get(90, TimeUnit.SECONDS));
      // the kubelet retried while the version was missing: proves the publishes really raced the install
      assertThat(unavailable).as("UNAVAILABLE answers before the mount").anyMatch(n -> n > 0);
      assertThat(harness.mounter.calls()).filteredOn(c -> c.op().equals("mount")).hasSize(PUBLISHES)
          .allSatisfy(c -> assertThat(c.data()).startsWith("lowerdir=" + harness.layout.codemodule(key) + ","));
      for (int i = 0; i < PUBLISHES; i++) {
        assertThat(Fixtures.target(kubelet, "vol-" + i).resolve("agent/lib64/liboneagentproc.so")).content().contains(VERSION);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(harness.cache.keys()).containsExactly(key);
    for (var layer : amd64.layers()) {
      java.util.function.Predicate<AccessLogEntry> download = e -> e.isBlob() && e.method().equals("GET")
          && e.uri().contains(layer.digest()) && e.status() == 200;
      assertThat(registry.awaitAccessLog(download)).filteredOn(download).as("downloads of layer %s", layer.digest()).hasSize(1);
    }
    await("both DynaKubes linked", () -> List.of("burst-tag", "burst-digest").stream().allMatch(dk -> {
      try {
        return harness.latestKey(dk).equals(Optional.of(key));
      } catch (java.io.IOException e) {
        return false;
      }
    }));
  }

  /** The kubelet's behaviour: retry NodePublishVolume on UNAVAILABLE; returns how many UNAVAILABLE answers came first. */
  private static int publishLikeTheKubelet(CsiClient csi, Path kubelet, String volumeId, String dk, CountDownLatch go,
      CountDownLatch refused) {
    try {
      go.await();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(80);
      int unavailable = 0;
      while (true) {
        try {
          csi.node().nodePublishVolume(Fixtures.appRequest(kubelet, volumeId).putVolumeContext(DYNAKUBE, dk)
              .putVolumeContext(CsiVolumeAttributes.RETRY_TIMEOUT, "10m").build());
          return unavailable;
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > deadline) throw e;
          unavailable++;
          refused.countDown();
          Thread.sleep(20);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
