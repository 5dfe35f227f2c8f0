package com.astromkey.operator.troubleshoot;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes half of troubleshoot against the fabric8 mock API server (CRUD): missing CRD, missing or invalid DynaKube,
 * missing secrets, usage. Images point at a closed loopback port, so their checks fail fast without a registry.
 */
@EnableKubernetesMockClient(crud = true)
class TroubleshootMockTest {
  private static final String NS = MockCluster.NAMESPACE;
  private static final String CLOSED = "127.0.0.1:1";

  static KubernetesClient client;
  static KubernetesMockServer server;

  record Run(int code, String out, String err) {}

  @Test
  void withoutTheCrdTheFirstLineFailsAndNothingElseIsChecked() {
    client.apiextensions().v1().customResourceDefinitions().withName(HasMetadata.getFullResourceName(DynaKube.class))
        .delete();

    Run run = troubleshoot(Map.of());

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] CRD: dynakubes.astromkey.com is not installed")
        .contains("fix: install or upgrade the astromkey-operator chart").doesNotContain("DynaKube");
  }

  @Test
  void aNamedDynaKubeThatDoesNotExistFails() {
    cluster();

    Run run = troubleshoot(Map.of(), "--dynakube", "nope");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[PASS] CRD: dynakubes.astromkey.com serves v1beta5")
        .contains("[PASS] namespace: astromkey exists")
        .contains("[FAIL] DynaKube: nope not found in namespace astromkey")
        .contains("fix: kubectl -n astromkey get dynakubes lists the names");
  }

  @Test
  void aMissingNamespaceFails() {
    cluster();

    Run run = troubleshoot(Map.of(), "--namespace", "elsewhere");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] namespace: elsewhere does not exist");
  }

  @Test
  void validationErrorsFailAndWarningsWarnThroughTheSharedValidator() {
    cluster();
    DynaKube dk = dynaKube("invalid-api-url");
    dk.getSpec().setApiUrl("https://ENVIRONMENTID.live.astromkey.com/api");
    dk.getSpec().setCustomPullSecret(null);
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();

    Run run = troubleshoot(Map.of(), "--dynakube", "invalid-api-url");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] validation: [AKV-010]")
        .contains("fix: correct the DynaKube; 'astromkey-operator validate -f <file>' runs the same rules offline")
        // no customPullSecret for a private codeModulesImage: the shared rule's warning
        .contains("[WARN] validation: [AKW-002]");
  }

  @Test
  void missingTokensAndPullSecretsAreNamedWithTheirFix() {
    cluster();
    client.resources(DynaKube.class).inNamespace(NS).resource(dynaKube("no-secrets")).create();

    Run run = troubleshoot(Map.of("AK_OPERATOR_PULL_SECRET", "helm-pull"), "--dynakube", "no-secrets");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] tokens: ")
        .contains("fix: kubectl -n astromkey create secret generic no-secrets --from-literal=apiToken=<token>")
        .contains("[FAIL] pull secret registry-pull: customPullSecret registry-pull does not exist in astromkey")
        .contains("fix: kubectl -n astromkey create secret docker-registry registry-pull")
        .contains("[FAIL] pull secret helm-pull: Helm pull secret (AK_OPERATOR_PULL_SECRET) helm-pull does not exist")
        .contains("[FAIL] codeModules TLS: not reached");
  }

  @Test
  void aPresentPullSecretListsItsRegistriesButNeverItsCredentials() {
    cluster();
    MockCluster.secret(client, "listed-pull", SecretKeys.TYPE_DOCKER_CONFIG_JSON, Map.of(SecretKeys.DOCKER_CONFIG_JSON,
        "{\"auths\":{\"" + CLOSED + "\":{\"username\":\"ops\",\"password\":\"very-secret-pass\"}}}"));
    MockCluster.secret(client, "broken-pull", "Opaque", Map.of("x", "y"));
    DynaKube dk = dynaKube("listed");
    dk.getSpec().setCustomPullSecret("listed-pull");
    client.resources(DynaKube.class).inNamespace(NS).resource(dk).create();

    Run listed = troubleshoot(Map.of("AK_OPERATOR_PULL_SECRET", "broken-pull"), "--dynakube", "listed");

    assertThat(listed.out()).contains("[PASS] pull secret listed-pull: customPullSecret, auths: " + CLOSED)
        .contains("[FAIL] pull secret broken-pull: Helm pull secret (AK_OPERATOR_PULL_SECRET) unusable: ")
        .doesNotContain("very-secret-pass");
  }

  @Test
  void withoutLabelledNodesTheCommonPlatformsAreAssumedWithAWarning() {
    cluster();
    client.resources(DynaKube.class).inNamespace(NS).resource(dynaKube("nodes")).create();

    Run run = troubleshoot(Map.of(), "--dynakube", "nodes");

    assertThat(run.out()).contains("[WARN] nodes: 0 nodes, none labelled kubernetes.io/os/kubernetes.io/arch;"
        + " assuming linux/amd64 and linux/arm64");
  }

  @Test
  void aSecretTheServiceAccountMayNotReadIsAFailureOfThatDynaKubeOnly() {
    cluster();
    client.resources(DynaKube.class).inNamespace(NS).resource(dynaKube("forbidden")).create();
    server.expect().get().withPath("/api/v1/namespaces/astromkey/secrets/forbidden").andReturn(403, "{}").once();

    Run run = troubleshoot(Map.of(), "--dynakube", "forbidden");

    assertThat(run.code()).isEqualTo(TroubleshootMain.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] Kubernetes API: reading the objects of forbidden failed (HTTP 403)")
        .contains("fix: run troubleshoot with the astromkey-operator service account").contains("Result: FAIL");
  }

  @Test
  void usageErrorsExitTwoAndHelpExitsZero() {
    Run bad = troubleshoot(Map.of(), "--dynakube");
    assertThat(bad.code()).isEqualTo(TroubleshootMain.EXIT_USAGE);
    assertThat(bad.err()).contains("troubleshoot: --dynakube needs a value").contains("usage: astromkey-operator troubleshoot");

    Run unknown = troubleshoot(Map.of(), "--image", "x");
    assertThat(unknown.code()).isEqualTo(TroubleshootMain.EXIT_USAGE);

    Run help = troubleshoot(Map.of(), "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("[--dynakube <name>] [--namespace astromkey]");
  }

  /** CRD and namespace, once per class: the mock server keeps its state between tests. */
  private static void cluster() {
    if (client.apiextensions().v1().customResourceDefinitions().list().getItems().isEmpty()) {
      if (client.namespaces().withName(NS).get() != null) {
        client.namespaces().withName(NS).delete();
        client.namespaces().withName("kube-system").delete();
      }
      MockCluster.install(client);
    }
  }

  /** The private-registry DynaKube with every image on a closed port and the tokens Secret named after it (absent). */
  private static DynaKube dynaKube(String name) {
    DynaKube dk = Fixtures.dynaKube("dynakube-application-monitoring-codemodules-image");
    dk.getMetadata().setName(name);
    dk.getMetadata().setUid(null);
    dk.getSpec().setApiUrl("https://" + CLOSED + "/api");
    dk.getSpec().setCustomPullSecret("registry-pull");
    dk.getSpec().getOneAgent().getApplicationMonitoring()
        .setCodeModulesImage(CLOSED + "/astromkey/astromkey-codemodules:1.301.0");
    return dk;
  }

  private static Run troubleshoot(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("AK_CLIENT_CONNECT_TIMEOUT", "2s");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TroubleshootMain.run(args, env, client, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
