package com.astromkey.operator.troubleshoot;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.astromkey.sandbox.tenant.TenantSimState;
import com.astromkey.sandbox.tenant.TenantSimulator;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * troubleshoot end to end in-process: a real TLS + Basic-auth docker-registry with signed, unsigned, multi-platform and
 * amd64-only images, the tenant simulator over HTTPS, and the fabric8 mock API server holding the DynaKubes, secrets,
 * ConfigMaps and two nodes (linux/amd64, linux/arm64). Each test breaks one thing and reads the printed report.
 */
@RequiresDockerRegistry
@EnableKubernetesMockClient(crud = true)
class TroubleshootIT {
  private static final String NS = MockCluster.NAMESPACE;
  private static final String VERSION = "1.301.0";
  private static final SigningKey KEY_A = SigningKey.generate("A");

  static KubernetesClient client;
  static LocalRegistry registry;
  static TenantSimulator tenant;
  static PushedIndex operatorImage;
  static PushedIndex oneAgent;
  static PushedIndex activeGate;
  static PushedIndex signedCodeModules;
  static PushedIndex unsignedCodeModules;
  static PushedImage amd64OnlyCodeModules;

  record Run(int code, String out) {}

  @BeforeAll
  static void start() throws IOException {
    registry = LocalRegistry.builder().basicAuth(RegistryUser.pushPull("puller", "puller-pass")).tls().start();
    tenant = TenantSimulator.startHttps();
    ImageFactory factory = new ImageFactory(registry);
    operatorImage = index(factory, "astromkey/astromkey-operator", p -> TestImages.codeModules(VERSION, p));
    oneAgent = index(factory, "astromkey/astromkey-oneagent", p -> TestImages.oneAgent(VERSION, p));
    activeGate = index(factory, "astromkey/astromkey-activegate", p -> TestImages.activeGate(VERSION, p));
    signedCodeModules = index(factory, "astromkey/astromkey-codemodules", p -> TestImages.codeModules(VERSION, p));
    for (PushedIndex signed : List.of(operatorImage, oneAgent, activeGate, signedCodeModules)) {
      factory.signatures().signLegacy(signed.repository(), signed.digest(), KEY_A);
    }
    unsignedCodeModules = index(factory, "unsigned/astromkey-codemodules", p -> TestImages.codeModules(VERSION, p));
    amd64OnlyCodeModules = factory.pushImage("amd64only/astromkey-codemodules", VERSION, ImageFormat.OCI,
        ImagePlatform.LINUX_AMD64, Map.of(), List.of(TestImages.codeModules(VERSION, ImagePlatform.LINUX_AMD64).build()));

    MockCluster.install(client);
    node("node-amd64", "amd64");
    node("node-arm64", "arm64");
    MockCluster.configMap(client, "astromkey-signature-keys", Map.of("key-a.pub", KEY_A.publicKeyPem()));
    MockCluster.configMap(client, "cas", Map.of(SecretKeys.TRUSTED_CAS_CERTS,
        Files.readString(registry.caPem()) + "\n" + tenant.caPem()));
    dockerConfig("registry-pull", registry.credentials());
    dockerConfig("wrong-pull", RegistryUser.pullOnly("puller", "not-the-password"));
  }

  @AfterAll
  static void stop() {
    registry.close();
    tenant.close();
  }

  @Test
  void aHealthyDynaKubePassesEveryCheckAndExitsZero() {
    DynaKube dk = Fixtures.dynaKube("dynakube-cloudnative-private-registry");
    prepare(dk, "healthy", signedCodeModules.reference(), "registry-pull", "cas", "enforce");
    dk.getSpec().getOneAgent().cloudNative().setImage(oneAgent.reference());
    dk.getSpec().getActiveGate().setImage(activeGate.reference());
    dk.getSpec().getActiveGate().setResources(new ResourceRequirementsBuilder()
        .withLimits(Map.of("memory", new Quantity("1Gi"))).build());
    create(dk);
    // what the operator writes from the tenant connection info; the kubelet pulls tenant images with it
    dockerConfig(ObjectNames.pullSecretName(dk), registry.credentials());

    Run run = troubleshoot("healthy");

    assertThat(run.out()).doesNotContain("[FAIL]").doesNotContain("[WARN]")
        .contains("[PASS] nodes: 2 nodes need linux/amd64, linux/arm64")
        .contains("[PASS] tokens: secret healthy: apiToken present")
        .contains("[PASS] token scopes: every required scope granted")
        .contains("[PASS] tenant: reachable at " + tenant.apiUrl())
        .contains("[PASS] trustedCAs: ConfigMap cas: 2 certificates")
        .contains("[PASS] pull secret registry-pull: customPullSecret, auths: " + registry.host());
    for (String image : List.of("operator", "oneAgent", "activeGate", "codeModules")) {
      assertThat(run.out()).contains("[PASS] " + image + " manifest: ")
          .contains("[PASS] " + image + " platforms: linux/amd64, linux/arm64 present, needed by the nodes");
    }
    assertThat(run.out()).contains("[PASS] codeModules signature: Verified")
        .contains("[PASS] oneAgent signature: Verified").contains("Result: PASS");
    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_OK);
    assertThat(run.out()).doesNotContain("puller-pass").doesNotContain(TenantSimState.DEFAULT_API_TOKEN);
  }

  @Test
  void aRegistryLackingArm64FailsOnTheMissingPlatformWhileANodeIsArm64() {
    create(prepare(codeModulesOnly(), "amd64only", amd64OnlyCodeModules.reference(), "registry-pull", "cas", "off"));

    Run run = troubleshoot("amd64only");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] codeModules platforms: missing linux/arm64 (needed by the nodes)"
        + System.lineSeparator() + "       fix: use a multi-platform image that includes linux/arm64");
  }

  @Test
  void anUntrustedCaFailsOnTlsAndTheFixNamesTrustedCAs() {
    create(prepare(codeModulesOnly(), "untrusted", signedCodeModules.reference(), "registry-pull", null, "off"));

    Run run = troubleshoot("untrusted");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] codeModules TLS: ")
        .contains("fix: add the CA that signed the registry certificate to trustedCAs")
        .contains("[FAIL] tenant: request failed (tls)")
        .doesNotContain("codeModules manifest");
  }

  @Test
  void aWrongPasswordInTheCustomPullSecretFailsOnCredentials() {
    create(prepare(codeModulesOnly(), "wrongpass", signedCodeModules.reference(), "wrong-pull", "cas", "off"));

    Run run = troubleshoot("wrongpass");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[PASS] codeModules pull secret: secret wrong-pull, key " + registry.host())
        .contains("[FAIL] codeModules manifest: ")
        .contains("fix: check the pull secret: its credentials are refused for this repository")
        .doesNotContain("not-the-password");
  }

  @Test
  void aMissingCustomPullSecretFailsNamingTheSecret() {
    create(prepare(codeModulesOnly(), "nosecret", signedCodeModules.reference(), "absent-pull", "cas", "off"));

    Run run = troubleshoot("nosecret");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] pull secret absent-pull: customPullSecret absent-pull does not exist in astromkey")
        .contains("fix: kubectl -n astromkey create secret docker-registry absent-pull")
        .contains("[WARN] codeModules pull secret: no entry matches " + registry.host())
        .contains("[FAIL] codeModules manifest: ");
  }

  @Test
  void anUnsignedImageUnderWarnIsAWarningAndExitsZero() {
    create(prepare(codeModulesOnly(), "unsigned", unsignedCodeModules.reference(), "registry-pull", "cas", "warn"));

    Run run = troubleshoot("unsigned");

    assertThat(run.out()).contains("[WARN] codeModules signature: SignatureMissing")
        .contains("fix: sign the image (cosign sign --key) or mirror it with its signatures")
        .doesNotContain("[FAIL]").contains("Result: WARN");
    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_OK);
  }

  @Test
  void aPinnedCodeModulesVersionMustBeOfferedByTheTenantForEveryNodeArchitecture() {
    DynaKube listed = prepare(codeModulesOnly(), "pinned-listed", null, "registry-pull", "cas", "off");
    listed.getSpec().getOneAgent().getApplicationMonitoring().setVersion("1.299.0.20240801-100000");
    create(listed);
    DynaKube unlisted = prepare(codeModulesOnly(), "pinned-unlisted", null, "registry-pull", "cas", "off");
    unlisted.getSpec().getOneAgent().getApplicationMonitoring().setVersion("1.250.0.20230101-000000");
    create(unlisted);

    Run ok = troubleshoot("pinned-listed");
    Run missing = troubleshoot("pinned-unlisted");

    assertThat(ok.out()).contains("[PASS] code modules version: 1.299.0.20240801-100000 offered by the tenant for x86, arm")
        .doesNotContain("codeModules manifest");
    assertThat(missing.out()).contains("[FAIL] code modules version: 1.250.0.20230101-000000 is not offered by the tenant"
        + " for x86, arm" + System.lineSeparator() + "       fix: pin a version the tenant lists");
    assertThat(missing.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(tenant.requests(".*/deployment/installer/agent/versions/.*")).extracting(r -> r.query().get("arch"))
        .contains(List.of("x86"), List.of("arm"));
  }

  private static DynaKube codeModulesOnly() {
    return Fixtures.dynaKube("dynakube-application-monitoring-codemodules-image");
  }

  /** Name, tokens Secret, tenant, code modules image, pull secret, CA ConfigMap (null: none) and signature policy. */
  private static DynaKube prepare(DynaKube dk, String name, String codeModulesImage, String pullSecret, String cas,
      String signatureMode) {
    dk.getMetadata().setName(name);
    dk.getMetadata().setUid(null);
    dk.getMetadata().setAnnotations(new HashMap<>(Map.of(FeatureFlag.SIGNATURE_VERIFICATION.key(), signatureMode)));
    dk.getSpec().setApiUrl(tenant.apiUrl());
    dk.getSpec().setTokens(name);
    dk.getSpec().setCustomPullSecret(pullSecret);
    dk.getSpec().setTrustedCAs(cas);
    if (dk.getSpec().getOneAgent().getApplicationMonitoring() != null) {
      dk.getSpec().getOneAgent().getApplicationMonitoring().setCodeModulesImage(codeModulesImage);
    } else {
      dk.getSpec().getOneAgent().cloudNative().setCodeModulesImage(codeModulesImage);
    }
    MockCluster.secret(client, name, "Opaque", Map.of(SecretKeys.API_TOKEN, TenantSimState.DEFAULT_API_TOKEN));
    return dk;
  }

  private static void create(DynaKube dk) {
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();
  }

  private static Run troubleshoot(String dynaKube) {
    Map<String, String> env = Map.of("AK_OPERATOR_IMAGE", operatorImage.reference(), "AK_OPERATOR_VERSION", "1.0.0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = TroubleshootMain.run(new String[] {"--dynakube", dynaKube, "--namespace", NS}, env, client,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    return new Run(code, out.toString(StandardCharsets.UTF_8));
  }

  private static PushedIndex index(ImageFactory factory, String repo, Function<ImagePlatform, LayerBuilder> layer) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    for (ImagePlatform p : List.of(ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64)) {
      platforms.put(p, List.of(layer.apply(p).build()));
    }
    return factory.pushIndex(repo, VERSION, ImageFormat.OCI, platforms, TestImages.labels(VERSION), false);
  }

  private static void node(String name, String arch) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of(Labels.KUBERNETES_OS, "linux", Labels.KUBERNETES_ARCH, arch)).endMetadata().build()).create();
  }

  private static void dockerConfig(String name, RegistryUser user) {
    MockCluster.secret(client, name, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
        Map.of(SecretKeys.DOCKER_CONFIG_JSON, registry.dockerConfigJson(user)));
  }
}
