package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.SandboxImages;
import com.astromkey.operator.troubleshoot.TroubleshootMain;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.images.TestImages;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario troubleshoot-report: {@code troubleshoot} against the sandbox (mock API server, tenant simulator, TLS registry,
 * the chart's operator environment), first healthy, then with one thing broken at a time.
 */
class TroubleshootScenarioIT {
  private static final String DK = "dynakube";
  private static final String NL = System.lineSeparator();

  @RegisterExtension
  final E2eSandboxExtension sandbox = E2eSandboxExtension.withCsi();

  record Report(int code, String out) {}

  @Test
  void troubleshoot_report() throws Exception {
    E2eSandbox s = sandbox.get();
    KubernetesClient client = s.client();
    for (String arch : List.of("amd64", "arm64")) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + arch)
          .withLabels(Map.of(Labels.KUBERNETES_OS, "linux", Labels.KUBERNETES_ARCH, arch)).endMetadata().build()).create();
    }
    s.tokensSecret(DK);
    DynaKube applied = s.dynaKube("dynakube-troubleshoot-report");
    AdmissionCaller.Result<DynaKube> admitted = new CustomerFlow(s).apply(applied);
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    // the tenant pull secret is the operator's to write; troubleshoot would only warn that it is not there yet
    String tenantPullSecret = ObjectNames.pullSecretName(applied);
    E2eSandbox.await("the operator's " + tenantPullSecret, CustomerFlow.PATIENCE,
        () -> client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(tenantPullSecret).get() != null);

    Report healthy = troubleshoot(s);
    assertThat(healthy.out()).doesNotContain("[FAIL]").doesNotContain("[WARN]").contains("Result: PASS")
        .contains("[PASS] pull secret " + E2eSandbox.CUSTOM_PULL_SECRET + ": customPullSecret, auths: " + s.registry().host())
        .contains("[PASS] operator manifest: ").contains("[PASS] oneAgent manifest: ")
        .contains("[PASS] activeGate manifest: ").contains("[PASS] codeModules manifest: ")
        .contains("[PASS] codeModules platforms: linux/amd64, linux/arm64 present, needed by the nodes");
    assertThat(healthy.code()).isZero();

    // missing customPullSecret (also the chart's pull secret): named, and the registry refuses anonymous pulls
    client.secrets().inNamespace(E2eSandbox.NAMESPACE).withName(E2eSandbox.CUSTOM_PULL_SECRET).delete();
    Report missing = troubleshoot(s);
    assertThat(missing.out()).contains("[FAIL] pull secret " + E2eSandbox.CUSTOM_PULL_SECRET + ": customPullSecret "
        + E2eSandbox.CUSTOM_PULL_SECRET + " does not exist in astromkey" + NL + "       fix: kubectl -n astromkey create"
        + " secret docker-registry " + E2eSandbox.CUSTOM_PULL_SECRET)
        .contains("[FAIL] codeModules manifest: ");
    assertThat(missing.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    s.createCustomPullSecret();

    // a trustedCAs ConfigMap with the tenant's CA only: the registry's TLS chain is not trusted
    client.configMaps().inNamespace(E2eSandbox.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("tenant-ca-only").endMetadata().withData(Map.of(SecretKeys.TRUSTED_CAS_CERTS, s.tenant().caPem()))
        .build()).create();
    edit(client, dk -> dk.getSpec().setTrustedCAs("tenant-ca-only"));
    Report wrongCa = troubleshoot(s);
    assertThat(wrongCa.out()).contains("[FAIL] codeModules TLS: ")
        .contains("fix: add the CA that signed the registry certificate to trustedCAs")
        .contains("[PASS] tenant: reachable");
    assertThat(wrongCa.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    edit(client, dk -> dk.getSpec().setTrustedCAs(E2eSandbox.TRUSTED_CAS));

    // keys configured (the chart ships the ConfigMap empty), images unsigned, policy warn: warnings only, exit 0
    client.configMaps().inNamespace(E2eSandbox.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(ObjectNames.SIGNATURE_KEYS_CONFIGMAP).endMetadata()
        .withData(Map.of("release.pub", SigningKey.generate("release").publicKeyPem())).build()).createOr(c -> c.update());
    edit(client, dk -> dk.getMetadata().setAnnotations(new HashMap<>(Map.of(FeatureFlag.SIGNATURE_VERIFICATION.key(),
        "warn"))));
    Report unsigned = troubleshoot(s);
    assertThat(unsigned.out()).contains("[WARN] codeModules signature: SignatureMissing")
        .contains("fix: sign the image (cosign sign --key) or mirror it with its signatures")
        .doesNotContain("[FAIL]").contains("Result: WARN");
    assertThat(unsigned.code()).isZero();

    // an amd64-only code modules image while node-arm64 exists
    PushedImage amd64Only = new ImageFactory(s.registry()).pushImage("astromkey/amd64-only-codemodules",
        SandboxImages.VERSION, ImageFormat.OCI, ImagePlatform.LINUX_AMD64, Map.of(),
        List.of(TestImages.codeModules(SandboxImages.VERSION, ImagePlatform.LINUX_AMD64).build()));
    edit(client, dk -> dk.getSpec().getOneAgent().cloudNative().setCodeModulesImage(amd64Only.reference()));
    Report amd64 = troubleshoot(s);
    assertThat(amd64.out()).contains("[FAIL] codeModules platforms: missing linux/arm64 (needed by the nodes)" + NL
        + "       fix: use a multi-platform image that includes linux/arm64");
    assertThat(amd64.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);

    for (Report report : List.of(healthy, missing, wrongCa, unsigned, amd64)) {
      assertThat(report.out()).doesNotContain(s.customer().password()).doesNotContain(s.pusher().password());
    }
  }

  /** In-process, with the operator container's environment from the chart and a client of the sandbox's API server. */
  private static Report troubleshoot(E2eSandbox s) {
    Map<String, String> env = s.chart().environment("Deployment", ObjectNames.OPERATOR_DEPLOYMENT,
        ObjectNames.OPERATOR_CONTAINER, "astromkey-operator-0", E2eSandbox.NODE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = TroubleshootMain.run(new String[] {"--dynakube", DK}, env, s.client(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    return new Report(code, out.toString(StandardCharsets.UTF_8));
  }

  private static void edit(KubernetesClient client, Consumer<DynaKube> change) {
    client.resources(DynaKube.class).inNamespace(E2eSandbox.NAMESPACE).withName(DK).edit(dk -> {
      change.accept(dk);
      return dk;
    });
  }
}
