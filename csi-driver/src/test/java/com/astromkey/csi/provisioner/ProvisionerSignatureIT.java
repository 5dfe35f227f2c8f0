package com.astromkey.csi.provisioner;

import static com.astromkey.csi.provisioner.ProvisionerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.time.TestClock;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * csi-driver.md §6.1 step 4 against the REAL sandbox registry with images signed by the sandbox's cosign-compatible signer:
 * {@code enforce} refuses an unsigned image with an event saying why, installs a signed one; {@code warn} installs and warns.
 */
@RequiresDockerRegistry
@EnableKubernetesMockClient(crud = true)
class ProvisionerSignatureIT {
  static final RegistryUser PUSHER = RegistryUser.pushPull("pusher", "pusher-pass");
  static final SigningKey KEY_A = SigningKey.generate("A");
  static LocalRegistry registry;
  static ImageFactory images;

  KubernetesClient client;
  @TempDir Path tmp;
  private ProvisionerHarness harness;

  @BeforeAll
  static void startRegistry() {
    registry = LocalRegistry.builder().basicAuth(PUSHER).tls().start();
    images = new ImageFactory(registry);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void prepare() throws Exception {
    ProvisionerHarness.prepareCluster(client);
    client.configMaps().resource(DynaKubeFixtures.trustedCas("registry-ca", Files.readString(registry.caPem()))).create();
    client.secrets().resource(DynaKubeFixtures.dockerConfigSecret("pusher-pull", registry.host(), PUSHER.name(),
        PUSHER.password())).create();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("astromkey-signature-keys")
        .withNamespace(DynaKubeFixtures.NAMESPACE).endMetadata().withData(Map.of("key-0.pub", KEY_A.publicKeyPem())).build())
        .create();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void enforceRefusesAnUnsignedImageWithAnEventAndInstallsNothing() throws Exception {
    start(SignatureMode.ENFORCE);
    PushedIndex index = push("astromkey/codemodules-unsigned");

    harness.create(dynaKube("unsigned", index.reference()));

    await("the refusal event", () -> harness.events("unsigned").stream()
        .anyMatch(e -> e.getReason().equals("CodeModulesSignatureMissing")));
    Event event = harness.events("unsigned").stream().filter(e -> e.getReason().equals("CodeModulesSignatureMissing"))
        .findFirst().orElseThrow();
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage()).startsWith("node " + ProvisionerHarness.NODE + ": code modules image ")
        .contains(index.digest()).contains("signature verification is enforced and no signature found");
    assertThat(latest("unsigned")).isEmpty();
    assertThat(harness.cache.keys()).isEmpty();
  }

  @Test
  void enforceInstallsAnImageSignedByAConfiguredKey() throws Exception {
    start(SignatureMode.ENFORCE);
    PushedIndex index = push("astromkey/codemodules-signed");
    images.signatures().signLegacy(index.repository(), index.digest(), KEY_A);

    harness.create(dynaKube("signed", index.reference()));

    String key = amd64Key(index);
    await("the latest link", () -> latest("signed").equals(Optional.of(key)));
    assertThat(harness.cache.meta(key).orElseThrow().signature()).isEqualTo("Verified");
    assertThat(harness.events("signed")).noneMatch(e -> e.getReason().startsWith("CodeModulesSignature"));
  }

  @Test
  void warnFromTheFlagInstallsAnUnsignedImageAndWarns() throws Exception {
    start(SignatureMode.OFF);
    PushedIndex index = push("astromkey/codemodules-warned");
    DynaKube dk = dynaKube("warned", index.reference());
    dk.getMetadata().setAnnotations(new HashMap<>(Map.of("feature.astromkey.com/signature-verification", "warn")));

    harness.create(dk);

    String key = amd64Key(index);
    await("the latest link", () -> latest("warned").equals(Optional.of(key)));
    await("the warning", () -> harness.events("warned").stream()
        .anyMatch(e -> e.getReason().equals("CodeModulesSignatureMissing") && e.getType().equals("Warning")));
    assertThat(harness.cache.meta(key).orElseThrow().signature()).isEqualTo("SignatureMissing");
  }

  private void start(SignatureMode mode) throws Exception {
    harness = ProvisionerHarness.start(client, tmp.resolve("data"), Duration.ofMinutes(30), Optional.empty(), 0,
        TestClock.atNow(), mode);
  }

  private static PushedIndex push(String repository) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    platforms.put(ImagePlatform.LINUX_AMD64, List.of(TestImages.codeModules("1.301.0", ImagePlatform.LINUX_AMD64).build()));
    platforms.put(ImagePlatform.LINUX_ARM64_V8, List.of(TestImages.codeModules("1.301.0", ImagePlatform.LINUX_ARM64_V8).build()));
    return images.pushIndex(repository, "1.301.0", ImageFormat.OCI, platforms, TestImages.labels("1.301.0"), false);
  }

  private static DynaKube dynaKube(String name, String image) {
    Map<String, String> values = new HashMap<>(Map.of("NAME", name, "IMAGE", image, "TRUSTED_CAS", "registry-ca"));
    values.put("PULL_SECRET", "pusher-pull");
    return DynaKubeFixtures.load("dynakube-cloudnative-private-registry", values);
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
}
