package com.astromkey.operator.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.dynakube.DynaKubeReconciler;
import com.astromkey.operator.dynakube.DynaKubeSteps;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.kube.ObjectWriter;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.testing.FakeTenantApi;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.sandbox.time.TestClock;
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
import com.astromkey.tenant.Arch;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * operator.md §4.5 with the real verifier against a real registry (TLS, Basic auth, images signed by the sandbox's
 * cosign-compatible signer); the API server is the fabric8 mock, the tenant a fake.
 */
@RequiresDockerRegistry
@EnableKubernetesMockClient(crud = true)
class CodeModulesSignatureIT {
  private static final String NS = MockCluster.NAMESPACE;
  private static final SigningKey KEY_A = SigningKey.generate("A");

  static KubernetesClient client;
  static LocalRegistry registry;
  static ImageFactory factory;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-27T08:00:00Z"));

  @BeforeAll
  static void startRegistry() {
    registry = LocalRegistry.builder().basicAuth(RegistryUser.pushPull("puller", "puller-pass")).tls().start();
    factory = new ImageFactory(registry);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void setUp() throws IOException {
    if (client.apiextensions().v1().customResourceDefinitions().list().getItems().isEmpty()) {
      MockCluster.install(client);
      MockCluster.configMap(client, "astromkey-signature-keys", Map.of("key-0.pub", KEY_A.publicKeyPem()));
      MockCluster.configMap(client, "registry-ca", Map.of(SecretKeys.TRUSTED_CAS_CERTS, Files.readString(registry.caPem())));
      MockCluster.secret(client, "registry-pull", "kubernetes.io/dockerconfigjson",
          Map.of(".dockerconfigjson", registry.dockerConfigJson(registry.credentials())));
    }
  }

  @Test
  void signedByAWithKeyAConfiguredIsVerified() {
    PushedIndex image = codeModules("signed/codemodules");
    factory.signatures().signLegacy(image.repository(), image.digest(), KEY_A);
    create("signed", image.reference(), "warn");

    reconcile("signed");

    DynaKubeStatus status = status("signed");
    assertThat(status.getCodeModules().getVerification().getState()).isEqualTo("Verified");
    assertThat(status.getCodeModules().getVerification().getDigest()).isEqualTo(image.digest());
    assertThat(status.getCodeModules().getVerification().getCheckedAt()).isEqualTo("2026-11-27T08:00:00Z");
    assertThat(condition(status, "CodeModulesSignature").getStatus()).isEqualTo("True");
    assertThat(condition(status, "CodeModulesInjection").getStatus()).isEqualTo("True");
  }

  @Test
  void unsignedUnderEnforceIsMissingAndBlocksInjection() {
    PushedIndex image = codeModules("unsigned/codemodules");
    create("unsigned", image.reference(), "enforce");

    reconcile("unsigned");

    DynaKubeStatus status = status("unsigned");
    assertThat(status.getCodeModules().getVerification().getState()).isEqualTo("SignatureMissing");
    assertThat(status.getCodeModules().getVerification().getDigest()).isEqualTo(image.digest());
    Condition signature = condition(status, "CodeModulesSignature");
    assertThat(signature.getStatus()).isEqualTo("False");
    assertThat(signature.getReason()).isEqualTo("SignatureMissing");
    assertThat(condition(status, "CodeModulesInjection").getStatus()).isEqualTo("False");
    assertThat(status.getPhase()).isEqualTo("Deploying");
  }

  @Test
  void offSendsNoRegistryRequest() {
    PushedIndex image = codeModules("off/codemodules");
    create("off", image.reference(), "off");
    registry.clearAccessLog();

    reconcile("off");

    assertThat(status("off").getCodeModules().getVerification()).isNull();
    assertThat(condition(status("off"), "CodeModulesSignature")).isNull();
    assertThat(registry.accessLog()).isEmpty();
  }

  private static PushedIndex codeModules(String repo) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    for (ImagePlatform p : List.of(ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64)) {
      platforms.put(p, List.of(TestImages.codeModules("1.301.0", p).build()));
    }
    return factory.pushIndex(repo, "1.301.0", ImageFormat.OCI, platforms, TestImages.labels("1.301.0"), false);
  }

  private static void create(String name, String image, String mode) {
    DynaKube dk = Fixtures.dynaKube("dynakube-application-monitoring-codemodules-image");
    dk.getMetadata().setName(name);
    dk.getMetadata().setUid(null);
    dk.getMetadata().setAnnotations(new HashMap<>(Map.of(FeatureFlag.SIGNATURE_VERIFICATION.key(), mode)));
    dk.getSpec().getOneAgent().getApplicationMonitoring().setCodeModulesImage(image);
    dk.getSpec().setCustomPullSecret("registry-pull");
    dk.getSpec().setTrustedCAs("registry-ca");
    MockCluster.secret(client, name, "Opaque", Map.of(SecretKeys.API_TOKEN, "api-token"));
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();
  }

  private void reconcile(String name) {
    DynaKubeReconciler reconciler = new DynaKubeReconciler(Fixtures.config(), new ObjectWriter(client),
        new EventRecorder(client, clock), new OperatorMetrics(), new FakeTenantApi(),
        DynaKubeSteps.create(client, Arch.X86, "it"), clock);
    reconciler.reconcile(client.resources(DynaKube.class).inNamespace(NS).withName(name).get(), null);
  }

  private static DynaKubeStatus status(String name) {
    return client.resources(DynaKube.class).inNamespace(NS).withName(name).get().getStatus();
  }

  private static Condition condition(DynaKubeStatus status, String type) {
    return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }
}
