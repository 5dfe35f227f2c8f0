package com.astromkey.csi.provisioner;

import static com.astromkey.csi.provisioner.ProvisionerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.oci.extract.ExtractionLimits;
import com.astromkey.oci.extract.ExtractionRules;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.MaliciousLayers;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.LocalRegistryExtension;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image installs honour the provisioner's decompression-bomb limit ({@code AK_EXTRACT_MAX_BYTES}, registry.md §8) as zip
 * installs do: a layer expanding beyond it fails as {@code unsafe_layer} and installs nothing.
 */
@EnableKubernetesMockClient(crud = true)
class ProvisionerExtractionLimitsIT {
  static final RegistryUser PUSHER = RegistryUser.pushPull("pusher", "pusher-pass");
  @RegisterExtension
  static final LocalRegistryExtension REGISTRY = new LocalRegistryExtension(() -> LocalRegistry.builder().basicAuth(PUSHER).tls());

  KubernetesClient client;
  @TempDir Path tmp;
  private ProvisionerHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aLayerExpandingBeyondTheConfiguredLimitIsRejectedAsAnUnsafeLayer() throws Exception {
    LocalRegistry registry = REGISTRY.get();
    long limit = 8L << 20;
    ProvisionerHarness.prepareCluster(client);
    client.configMaps().resource(DynaKubeFixtures.trustedCas("registry-ca", Files.readString(registry.caPem()))).create();
    client.secrets().resource(DynaKubeFixtures.dockerConfigSecret("pusher-pull", registry.host(), PUSHER.name(),
        PUSHER.password())).create();
    harness = ProvisionerHarness.start(client, tmp.resolve("data"), Duration.ofMinutes(30), Optional.empty(), 0,
        TestClock.atNow(), SignatureMode.OFF, new ExtractionLimits(limit, ExtractionLimits.DEFAULT.maxEntries()));
    LayerBuilder.LayerFile bomb = MaliciousLayers.gzipBomb(Files.createTempFile(tmp, "bomb", ".tar.gz"), limit + 1);
    PushedImage image = new ImageFactory(registry).pushImage("astromkey/codemodules-bomb", "1", ImageFormat.OCI,
        ImagePlatform.LINUX_AMD64, Map.of(), List.of(bomb));
    Map<String, String> values = new HashMap<>(Map.of("NAME", "bomb", "IMAGE", image.reference(), "TRUSTED_CAS", "registry-ca"));
    values.put("PULL_SECRET", "pusher-pull");

    harness.create(DynaKubeFixtures.load("dynakube-cloudnative-private-registry", values));

    await("the pull-failed event", () -> harness.events("bomb").stream()
        .anyMatch(e -> e.getReason().equals("CodeModulesPullFailed")));
    assertThat(harness.events("bomb")).filteredOn(e -> e.getReason().equals("CodeModulesPullFailed")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("UnsafeLayerEntry", "rule " + ExtractionRules.TOO_MANY_BYTES, (limit + 1) + " bytes"));
    assertThat(harness.cache.keys()).isEmpty();
    assertThat(harness.latestKey("bomb")).isEmpty();
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + harness.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    // the create and the operator-style status write may both start a pass, so at least one failure is counted
    assertThat(metrics.body()).containsPattern("astromkey_csi_install_errors_total\\{[^}]*reason=\"unsafe_layer\"[^}]*} [1-9][0-9]*\\.0");
  }
}
