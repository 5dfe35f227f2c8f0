package com.astromkey.csi.provisioner;

import static com.astromkey.csi.provisioner.ProvisionerHarness.await;
import static com.astromkey.domain.names.CsiVolumeAttributes.DYNAKUBE;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.CodeModuleMeta;
import com.astromkey.csi.layout.ResolvedReference;
import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.server.CsiServer;
import com.astromkey.csi.server.CsiServerConfig;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.testing.CsiClient;
import com.astromkey.csi.testing.Fixtures;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioner against the REAL sandbox registry (Basic auth over TLS, sandbox CA via {@code trustedCAs}) and the
 * fabric8 mock API: pulls as the {@code customPullSecret} user, installs under the platform digest, notices a re-pushed
 * tag at the recheck, shares one copy between two tags, reports wrong credentials, and a publish sees the result.
 */
@RequiresDockerRegistry
@EnableKubernetesMockClient(crud = true)
class ProvisionerRegistryIT {
  static final RegistryUser PUSHER = RegistryUser.pushPull("pusher", "pusher-pass");
  static final RegistryUser ALICE = RegistryUser.pullOnly("alice", "alice-pass");
  static final String VERSION = "1.301.0";
  static final String NEW_VERSION = "1.303.0";
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
    harness = ProvisionerHarness.start(client, tmp.resolve("data"), Duration.ofSeconds(1), Optional.empty());
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  static PushedIndex pushCodeModules(String repository, String tag, String version) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    platforms.put(ImagePlatform.LINUX_AMD64, List.of(TestImages.codeModules(version, ImagePlatform.LINUX_AMD64).build()));
    platforms.put(ImagePlatform.LINUX_ARM64_V8, List.of(TestImages.codeModules(version, ImagePlatform.LINUX_ARM64_V8).build()));
    return images.pushIndex(repository, tag, ImageFormat.OCI, platforms, TestImages.labels(version), false);
  }

  private DynaKube imageDynaKube(String name, String image, String pullSecret) {
    return DynaKubeFixtures.privateRegistry(name, image, "registry-ca", Optional.of(pullSecret));
  }

  private static String amd64Key(PushedIndex index) {
    return "sha256-" + index.image(ImagePlatform.LINUX_AMD64).digest().substring("sha256:".length());
  }

  private Optional<String> latest(String dk) {
    try {
      return harness.latestKey(dk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> installedKeys() throws IOException {
    return harness.cache.keys();
  }

  @Test
  void pullsAsTheCustomPullSecretUserInstallsUnderTheDigestKeyAndAPublishSeesIt() throws Exception {
    PushedIndex index = pushCodeModules("astromkey/codemodules-private", VERSION, VERSION);
    registry.clearAccessLog();

    harness.create(imageDynaKube("private", index.reference(), "alice-pull"));

    String key = amd64Key(index);
    await("the latest link", () -> latest("private").equals(Optional.of(key)));
    Path tree = harness.layout.codemodule(key);
    assertThat(tree.resolve("agent/lib64/liboneagentproc.so")).content().contains(VERSION);
    assertThat(tree.resolve("agent/arch")).hasContent("x86_64");
    CodeModuleMeta meta = harness.cache.meta(key).orElseThrow();
    assertThat(meta.source()).isEqualTo("image");
    assertThat(meta.version()).isEqualTo(VERSION);
    assertThat(meta.platform()).isEqualTo("linux/amd64");
    assertThat(meta.subjectDigest()).isEqualTo(index.digest());
    ResolvedReference resolved = harness.cache.resolved("private").orElseThrow();
    assertThat(resolved.key()).isEqualTo(key);
    assertThat(resolved.subjectDigest()).isEqualTo(index.digest());
    assertThat(harness.layout.osAgent("private")).isDirectory();

    List<AccessLogEntry> pulls = registry.accessLog().stream()
        .filter(e -> (e.isManifest() || e.isBlob()) && e.status() == 200).toList();
    assertThat(pulls).isNotEmpty().allSatisfy(e -> assertThat(e.user()).isEqualTo(ALICE.name()));
    assertThat(pulls).anyMatch(e -> e.isBlob() && e.uri().contains(index.image(ImagePlatform.LINUX_AMD64).layers().get(0).digest()));
    assertThat(pulls).noneMatch(e -> e.isBlob() && e.uri().contains(index.image(ImagePlatform.LINUX_ARM64_V8).layers().get(0).digest()));
    await("the installed event", () -> harness.events("private").stream()
        .anyMatch(e -> e.getReason().equals("CodeModulesInstalled") && e.getMessage().contains(key)));

    Path kubelet = tmp.resolve("kubelet");
    Path socket = tmp.resolve("csi/csi.sock");
    Files.createDirectories(socket.getParent());
    try (CsiServer server = CsiServer.start(new CsiServerConfig(socket, ProvisionerHarness.NODE, kubelet, harness.layout.root(), 20, 0),
            new CsiServer.Parts(harness.mounter, harness.cache, PodEvents.logging(), harness.clock, new SimpleMeterRegistry(), d -> {}));
        CsiClient csi = new CsiClient(socket)) {
      NodePublishVolumeRequest publish = Fixtures.appRequest(kubelet, "vol-1").putVolumeContext(DYNAKUBE, "private").build();
      csi.node().nodePublishVolume(publish);
      assertThat(harness.mounter.calls()).filteredOn(c -> c.op().equals("mount")).singleElement()
          .satisfies(c -> assertThat(c.data()).startsWith("lowerdir=" + tree + ","));
      assertThat(Fixtures.target(kubelet, "vol-1").resolve("agent/lib64/liboneagentproc.so")).content().contains(VERSION);
    }
  }

  @Test
  void aRetaggedImageIsNoticedAtTheDigestRecheck() throws Exception {
    PushedIndex first = pushCodeModules("astromkey/codemodules-retag", "stable", VERSION);
    harness.create(imageDynaKube("retag", first.reference(), "alice-pull"));
    await("the first version", () -> latest("retag").equals(Optional.of(amd64Key(first))));

    PushedIndex second = pushCodeModules("astromkey/codemodules-retag", "stable", NEW_VERSION);
    assertThat(second.digest()).isNotEqualTo(first.digest());
    registry.clearAccessLog();
    harness.touch("retag");
    Thread.sleep(1500);
    // within the recheck period the recorded resolution is reused: no registry round trip at all
    assertThat(latest("retag")).contains(amd64Key(first));
    assertThat(registry.accessLog()).noneMatch(AccessLogEntry::isManifest);

    harness.clock.advance(Duration.ofSeconds(2));
    harness.touch("retag");
    await("the re-pushed version", () -> latest("retag").equals(Optional.of(amd64Key(second))));
    assertThat(harness.layout.codemodule(amd64Key(second)).resolve("agent/lib64/liboneagentproc.so")).content()
        .contains(NEW_VERSION);
    assertThat(harness.cache.resolved("retag").orElseThrow().subjectDigest()).isEqualTo(second.digest());
    // the old version stays until GC finds it unprotected (it is younger than 10 minutes here)
    assertThat(harness.cache.isInstalled(amd64Key(first))).isTrue();
  }

  @Test
  void twoTagsOfOneDigestShareOneCopy() throws Exception {
    PushedIndex index = pushCodeModules("astromkey/codemodules-shared", "a", VERSION);
    images.raw().pushManifest("astromkey/codemodules-shared", "b", index.mediaType(), index.bytes());
    registry.clearAccessLog();

    harness.create(imageDynaKube("tag-a", registry.reference("astromkey/codemodules-shared", "a"), "alice-pull"));
    harness.create(imageDynaKube("tag-b", registry.reference("astromkey/codemodules-shared", "b"), "alice-pull"));
    harness.create(imageDynaKube("by-digest", registry.host() + "/astromkey/codemodules-shared@" + index.digest(), "alice-pull"));

    String key = amd64Key(index);
    await("all three links", () -> Stream.of("tag-a", "tag-b", "by-digest").allMatch(dk -> latest(dk).equals(Optional.of(key))));
    assertThat(installedKeys()).containsExactly(key);
    String layer = index.image(ImagePlatform.LINUX_AMD64).layers().get(0).digest();
    assertThat(registry.accessLog()).filteredOn(e -> e.isBlob() && e.method().equals("GET") && e.uri().contains(layer)
        && e.status() == 200).hasSize(1);
  }

  @Test
  void wrongCredentialsGiveAClearEventInstallNothingAndAFixedSecretIsUsedAtOnce() throws Exception {
    PushedIndex index = pushCodeModules("astromkey/codemodules-denied", VERSION, VERSION);
    client.secrets().resource(DynaKubeFixtures.dockerConfigSecret("wrong-pull", registry.host(), ALICE.name(), "not-her-password"))
        .create();

    harness.create(imageDynaKube("denied", index.reference(), "wrong-pull"));

    await("the pull-failed event", () -> harness.events("denied").stream().anyMatch(e -> e.getReason().equals("CodeModulesPullFailed")));
    Event failed = harness.events("denied").stream().filter(e -> e.getReason().equals("CodeModulesPullFailed")).findFirst().orElseThrow();
    assertThat(failed.getType()).isEqualTo("Warning");
    assertThat(failed.getMessage()).startsWith("node node-a: pulling code modules image")
        .contains("registry " + registry.host(), "repository astromkey/codemodules-denied", "Unauthorized")
        .doesNotContain("not-her-password");
    assertThat(installedKeys()).isEmpty();
    assertThat(latest("denied")).isEmpty();

    // the backoff is a minute now; the Secret update retries at once
    client.secrets().resource(DynaKubeFixtures.dockerConfigSecret("wrong-pull", registry.host(), ALICE.name(), ALICE.password()))
        .update();
    await("the install with the fixed secret", () -> latest("denied").equals(Optional.of(amd64Key(index))));
  }

  @Test
  void withoutCodeModulesImageTheZipComesFromTheTenantOverTls() throws Exception {
    try (TenantSimulator tenant = TenantSimulator.startHttps()) {
      client.configMaps().resource(DynaKubeFixtures.trustedCas("tenant-ca", tenant.caPem())).create();
      client.secrets().resource(DynaKubeFixtures.tokensSecret("zip", TenantSimState.DEFAULT_API_TOKEN)).create();
      String version = tenant.state().getLatestPaasVersion();
      registry.clearAccessLog();

      harness.create(DynaKubeFixtures.load("dynakube-applicationmonitoring-zip",
          Map.of("NAME", "zip", "API_URL", tenant.apiUrl(), "VERSION", version, "TRUSTED_CAS", "tenant-ca")));

      await("the zip version", () -> latest("zip").equals(Optional.of(version)));
      assertThat(harness.layout.codemodule(version).resolve("agent/arch")).content().contains("x86_64");
      assertThat(harness.cache.meta(version).orElseThrow().source()).isEqualTo("zip");
      assertThat(tenant.count(".*/installer/agent/unix/paas/version/.*")).isEqualTo(1);
      assertThat(registry.accessLog()).isEmpty();
    }
  }
}
