package com.astromkey.csi.provisioner;

import static com.astromkey.csi.provisioner.ProvisionerHarness.await;
import static com.astromkey.csi.testing.RealMounts.kernelEntryAt;
import static com.astromkey.csi.testing.RealMounts.kernelHasMountAt;
import static com.astromkey.csi.testing.RealMounts.kernelMountsAt;
import static com.astromkey.domain.names.CsiVolumeAttributes.DYNAKUBE;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.mount.LinuxMounter;
import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.server.CsiServer;
import com.astromkey.csi.server.CsiServerConfig;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.testing.CsiClient;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.csi.testing.RealMounts;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.astromkey.sandbox.registry.TokenIssuer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #6: for every registry auth mode of the sandbox (anonymous, Basic, Bearer token from the ES256 token server), all
 * over TLS with the sandbox CA given through {@code trustedCAs}, the provisioner installs from the REAL registry, then the
 * kubelet's calls over the REAL Unix socket make real overlay and bind mounts that the kernel's mount table shows, and the
 * registry's logs show who pulled.
 */
@RequiresDockerRegistry
@EnableKubernetesMockClient(crud = true)
class RegistryAuthVariantsIT {
  static final RegistryUser PUSHER = ProvisionerRegistryIT.PUSHER;
  static final RegistryUser ALICE = ProvisionerRegistryIT.ALICE;
  static final String REPOSITORY = "astromkey/codemodules-auth";
  static final String VERSION = "1.309.0";
  static final String PULL_SECRET = "alice-pull";
  static final String TRUSTED_CAS = "registry-ca";

  /** One registry auth mode: how the sandbox registry starts and whether the DynaKube names a pull secret. */
  enum Variant {
    ANONYMOUS(b -> b, false),
    BASIC(b -> b.basicAuth(PUSHER, ALICE), true),
    TOKEN(b -> b.tokenAuth(PUSHER, ALICE), true);

    final Function<LocalRegistry.Builder, LocalRegistry.Builder> auth;
    final boolean pullSecret;

    Variant(Function<LocalRegistry.Builder, LocalRegistry.Builder> auth, boolean pullSecret) {
      this.auth = auth;
      this.pullSecret = pullSecret;
    }

    /** The user the registry logs for the provisioner's pulls: none when anonymous, the pull secret's user otherwise. */
    String expectedUser() {
      return pullSecret ? ALICE.name() : null;
    }
  }

  KubernetesClient client;
  @TempDir Path tmp;
  private LocalRegistry registry;
  private ProvisionerHarness harness;

  @AfterEach
  void stop() throws IOException {
    if (harness != null) harness.close();
    if (registry != null) registry.close();
    RealMounts.unmountAllBelow(tmp);
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void installsFromTheRegistryAndPublishesRealMountsOverTheSocket(Variant variant) throws Exception {
    RealMounts.assumeMountCapable(tmp);
    registry = variant.auth.apply(LocalRegistry.builder()).tls().start();
    PushedImage image = new ImageFactory(registry).pushImage(REPOSITORY, VERSION, ImageFormat.OCI, ImagePlatform.LINUX_AMD64,
        TestImages.labels(VERSION), List.of(TestImages.codeModules(VERSION, ImagePlatform.LINUX_AMD64).build()));
    String key = "sha256-" + image.digest().substring("sha256:".length());
    registry.clearAccessLog();
    if (registry.tokenIssuer() != null) registry.tokenIssuer().clearRequests();

    ProvisionerHarness.prepareCluster(client);
    client.configMaps().resource(DynaKubeFixtures.trustedCas(TRUSTED_CAS, Files.readString(registry.caPem()))).create();
    if (variant.pullSecret) {
      client.secrets().resource(DynaKubeFixtures.dockerConfigSecret(PULL_SECRET, registry.host(), ALICE.name(), ALICE.password()))
          .create();
    }
    harness = ProvisionerHarness.start(client, tmp.resolve("data"), Duration.ofMinutes(5), Optional.empty());
    String dk = "auth-" + variant.name().toLowerCase();
    harness.create(DynaKubeFixtures.privateRegistry(dk, image.reference(), TRUSTED_CAS,
        variant.pullSecret ? Optional.of(PULL_SECRET) : Optional.empty()));

    await("the install from the " + variant + " registry", () -> latest(dk).equals(Optional.of(key)));
    assertPulledAs(variant, image);

    Path kubelet = tmp.resolve("kubelet");
    Path socket = Files.createDirectories(tmp.resolve("csi")).resolve("csi.sock");
    try (CsiServer server = CsiServer.start(new CsiServerConfig(socket, ProvisionerHarness.NODE, kubelet, harness.layout.root(), 20, 0),
            new CsiServer.Parts(new LinuxMounter(), harness.cache, PodEvents.logging(), harness.clock, new SimpleMeterRegistry(),
                d -> { }));
        CsiClient csi = new CsiClient(socket)) {
      NodePublishVolumeRequest app = Fixtures.appRequest(kubelet, "vol-app").putVolumeContext(DYNAKUBE, dk).build();
      csi.node().nodePublishVolume(app);
      csi.node().nodePublishVolume(app);
      Path appTarget = Fixtures.target(kubelet, "vol-app");
      MountEntry overlay = kernelEntryAt(appTarget);
      assertThat(overlay.fsType()).isEqualTo("overlay");
      assertThat(overlay.readOnly()).isTrue();
      assertThat(overlay.lowerDirs()).containsExactly(harness.layout.codemodule(key));
      assertThat(kernelMountsAt(appTarget)).as("the second publish must not stack a second mount").isEqualTo(1);
      assertThat(appTarget.resolve("agent/lib64/liboneagentproc.so")).content().contains(VERSION);
      assertThat(appTarget.resolve("agent/arch")).hasContent("x86_64");

      NodePublishVolumeRequest host = Fixtures.hostRequest(kubelet, "vol-host").putVolumeContext(DYNAKUBE, dk).build();
      csi.node().nodePublishVolume(host);
      csi.node().nodePublishVolume(host);
      Path hostTarget = Fixtures.target(kubelet, "vol-host");
      MountEntry bind = kernelEntryAt(hostTarget);
      assertThat(bind.readOnly()).isFalse();
      assertThat(bind.root()).endsWith("/_dynakubes/" + dk + "/osagent");
      assertThat(kernelMountsAt(hostTarget)).isEqualTo(1);
      Files.writeString(hostTarget.resolve("agent.state"), variant.name());
      assertThat(harness.layout.osAgent(dk).resolve("agent.state")).hasContent(variant.name());

      unpublish(csi, kubelet, "vol-app");
      unpublish(csi, kubelet, "vol-host");
      assertThat(kernelHasMountAt(appTarget)).isFalse();
      assertThat(kernelHasMountAt(hostTarget)).isFalse();
      assertThat(appTarget).doesNotExist();
      assertThat(hostTarget).doesNotExist();
      assertThat(harness.layout.appmount("vol-app")).doesNotExist();
      assertThat(harness.layout.codemodule(key).resolve("agent/lib64/liboneagentproc.so")).as("the installed version stays")
          .exists();

      unpublish(csi, kubelet, "vol-never-mounted");
      assertThat(Fixtures.target(kubelet, "vol-never-mounted")).doesNotExist();
    }
  }

  /** Manifest and layer reads as the expected identity; in token mode the token server granted pull on the repository. */
  private void assertPulledAs(Variant variant, PushedImage image) {
    String layer = image.layers().get(0).digest();
    List<AccessLogEntry> log = registry.awaitAccessLog(e -> e.isBlob() && e.uri().contains(layer) && e.status() == 200);
    List<AccessLogEntry> pulls = log.stream().filter(e -> (e.isManifest() || e.isBlob()) && e.status() == 200).toList();
    assertThat(pulls).anyMatch(e -> e.isManifest()).anyMatch(e -> e.isBlob() && e.uri().contains(layer))
        .allSatisfy(e -> assertThat(e.user()).as("%s %s", e.method(), e.uri()).isEqualTo(variant.expectedUser()));
    if (variant == Variant.TOKEN) {
      List<TokenIssuer.TokenRequest> tokens = registry.tokenIssuer().requests();
      assertThat(tokens).isNotEmpty().allSatisfy(t -> {
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.user()).isEqualTo(ALICE.name());
        assertThat(t.scopes()).contains("repository:" + REPOSITORY + ":pull");
      });
    }
  }

  private static void unpublish(CsiClient csi, Path kubelet, String volumeId) {
    csi.node().nodeUnpublishVolume(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId)
        .setTargetPath(Fixtures.target(kubelet, volumeId).toString()).build());
  }

  private Optional<String> latest(String dk) {
    try {
      return harness.latestKey(dk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
