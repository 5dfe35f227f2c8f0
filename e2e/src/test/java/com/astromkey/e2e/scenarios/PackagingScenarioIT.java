package com.astromkey.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.harness.E2eSandboxExtension;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.launcher.Main;
import com.astromkey.operator.pullsecret.DockerConfigJson;
import com.astromkey.packaging.PackagingDir;
import com.astromkey.packaging.chart.ChartRenders;
import com.astromkey.packaging.chart.PlainManifests;
import com.astromkey.packaging.chart.Rendered;
import com.astromkey.packaging.image.OperatorImage;
import com.astromkey.packaging.image.OperatorImageBuilder;
import com.astromkey.packaging.image.Skopeo;
import com.astromkey.packaging.image.SyntheticBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Credential;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 6 of scenarios.md: the chart rendered with the page's Helm values, the plain manifests, and the operator image built
 * into the sandbox registry. Reuses packaging's test helpers (helm runner, manifest generator, image builder, skopeo).
 */
class PackagingScenarioIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MY_REGISTRY = "registry.my-company.com";
  private static final String REPOSITORY = MY_REGISTRY + "/astromkey/astromkey-operator";
  private static final String TAG = "v" + Main.VERSION;
  private static final String REFERENCE = REPOSITORY + ":" + TAG;
  private static final String APP_NAMESPACE = "shop";
  private static final String DK = "dynakube";
  private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
  private static final String SOURCE = "https://example.invalid/astromkey-operator";

  @Test
  void helm_render_private_registry_only() throws Exception {
    for (boolean csi : List.of(true, false)) {
      String what = csi ? "render with CSI" : "render without CSI";
      Rendered r = ChartRenders.render(pageValues(csi));

      List<String> imagePlaces = new ArrayList<>();
      for (Rendered.Container c : r.containers()) {
        imagePlaces.add(c.image());
        c.env(EnvVars.AK_OPERATOR_IMAGE).ifPresent(imagePlaces::add);
      }
      assertThat(imagePlaces).as(what).hasSize(csi ? 9 : 4).containsOnly(REFERENCE);
      // every container and init-container image: the CRD's schema also has "image" keys, but as objects
      assertThat(r.fieldsNamed("image")).filteredOn(JsonNode::isTextual).as(what + ": every image field").hasSize(csi ? 7 : 2)
          .extracting(JsonNode::asText).allSatisfy(image -> assertThat(image).startsWith(MY_REGISTRY + "/"));

      assertThat(r.podSpecs()).as(what + ": pod specs").hasSize(csi ? 3 : 2).allSatisfy(spec ->
          assertThat(spec.path("imagePullSecrets").toString()).isEqualTo("[{\"name\":\"" + E2eSandbox.CUSTOM_PULL_SECRET + "\"}]"));
      List<String> withPullSecretEnv = r.containers().stream()
          .filter(c -> c.env(EnvVars.AK_OPERATOR_PULL_SECRET).map(E2eSandbox.CUSTOM_PULL_SECRET::equals).orElse(false))
          .map(Rendered.Container::name).toList();
      List<String> expected = new ArrayList<>(List.of(ObjectNames.OPERATOR_CONTAINER, ObjectNames.WEBHOOK_CONTAINER));
      if (csi) {
        expected.add(ObjectNames.CSI_PROVISIONER_CONTAINER);
      }
      assertThat(withPullSecretEnv).as(what + ": containers with " + EnvVars.AK_OPERATOR_PULL_SECRET)
          .containsExactlyInAnyOrderElementsOf(expected);
    }

    // the webhook injects the init container from the rendered AK_OPERATOR_IMAGE: run it with exactly this render
    E2eSandboxExtension.requireDockerRegistry();
    try (E2eSandbox s = E2eSandbox.startAll(true, true, o -> o.renderedChart(ChartRenders.render(pageValues(true)).text()))) {
      CustomerFlow flow = new CustomerFlow(s);
      // the customer's secret covers their registry, where the init image comes from (else the webhook does not inject:
      // the kubelet could not pull it); the sandbox registry stands in for it for every other image
      JsonNode entry = JSON.readTree(s.registry().dockerConfigJson(s.customer())).path("auths").path(s.registry().host());
      s.secret(E2eSandbox.NAMESPACE, E2eSandbox.CUSTOM_PULL_SECRET, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
          Map.of(SecretKeys.DOCKER_CONFIG_JSON, DockerConfigJson.of(Map.of(s.registry().host(), entry, MY_REGISTRY, entry))));
      s.tokensSecret(DK);
      DynaKube dk = s.dynaKube("dynakube-appmonitoring-csi-private-registry");
      AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
      assertThat(admitted.allowed()).as(admitted.message()).isTrue();
      flow.createNamespace(APP_NAMESPACE);
      flow.awaitInjectionReady(APP_NAMESPACE);
      Pod pod = flow.createPod(APP_NAMESPACE, "app-1", "docker.io/library/nginx:1.27").object();
      Container init = pod.getSpec().getInitContainers().stream()
          .filter(c -> ObjectNames.INJECTION_INIT_CONTAINER.equals(c.getName())).findFirst().orElseThrow();
      assertThat(init.getImage()).isEqualTo(REFERENCE);
    }
  }

  @Test
  void plain_manifests_consistent() throws Exception {
    Map<Boolean, String> generated = new LinkedHashMap<>();
    for (boolean csi : List.of(true, false)) {
      String first = PlainManifests.generateAgain(csi);
      // two generations here, and the one checked in by an earlier build: all byte for byte the same
      assertThat(PlainManifests.generateAgain(csi)).isEqualTo(first);
      assertThat(first).isEqualTo(Files.readString(csi ? PlainManifests.WITH_CSI : PlainManifests.WITHOUT_CSI, StandardCharsets.UTF_8));
      generated.put(csi, first);
    }

    Rendered with = new Rendered(generated.get(true));
    Rendered without = new Rendered(generated.get(false));
    assertThat(PlainManifests.csiOnlyObjects(without, with)).containsExactlyInAnyOrder(
        "DaemonSet/" + ObjectNames.CSI_DAEMONSET, "CSIDriver/" + ObjectNames.CSI_DRIVER,
        "PriorityClass/" + ObjectNames.CSI_PRIORITY_CLASS, "ServiceAccount/" + ObjectNames.CSI_SERVICE_ACCOUNT,
        "ClusterRole/" + ObjectNames.CSI_SERVICE_ACCOUNT, "ClusterRoleBinding/" + ObjectNames.CSI_SERVICE_ACCOUNT,
        "Role/" + ObjectNames.CSI_SERVICE_ACCOUNT, "RoleBinding/" + ObjectNames.CSI_SERVICE_ACCOUNT);
    assertThat(modulesJson(with).path("csiDriver").asBoolean()).isTrue();
    assertThat(modulesJson(without).path("csiDriver").asBoolean()).isFalse();

    KubernetesSerialization serialization = new KubernetesSerialization();
    for (Map.Entry<Boolean, String> manifest : generated.entrySet()) {
      String what = manifest.getKey() ? "kubernetes-csi.yaml" : "kubernetes.yaml";
      assertThat(manifest.getValue()).as(what).doesNotContain("helm.sh/", "app.kubernetes.io/managed-by");
      for (JsonNode doc : new Rendered(manifest.getValue()).objects()) {
        HasMetadata object = (HasMetadata) serialization.unmarshal(doc.toString());
        String id = what + ": " + object.getKind() + "/" + object.getMetadata().getName();
        // the model knows each kind's scope: namespaced objects in astromkey, cluster-scoped ones in none
        assertThat(object.getMetadata().getNamespace()).as(id)
            .isEqualTo(object instanceof Namespaced ? E2eSandbox.NAMESPACE : null);
      }
    }
  }

  @Test
  void operator_image_structure(@TempDir Path work) throws Exception {
    Skopeo.require();
    E2eSandboxExtension.requireDockerRegistry();
    try (E2eSandbox s = E2eSandbox.create()) {
      s.startInfrastructure();
      SSLContext previous = SSLContext.getDefault();
      // jib's HTTP client takes the JVM default SSL context: it has to trust the sandbox CA for the build
      SSLContext.setDefault(s.registry().clientSslContext());
      OperatorImageBuilder.Built first;
      OperatorImageBuilder.Built second;
      try {
        Path baseWork = Files.createDirectories(work.resolve("base"));
        String base = SyntheticBase.push(s.registry().reference("test/jre-base", "17"), s.pusher().name(), s.pusher().password(),
            baseWork);
        first = build(s, base, TAG + "-build-1", work.resolve("cache-1"));
        second = build(s, base, TAG + "-build-2", work.resolve("cache-2"));
      } finally {
        SSLContext.setDefault(previous);
      }

      Skopeo skopeo = new Skopeo(s.registry().certDir(), s.pusher().colonForm());
      JsonNode list = JSON.readTree(skopeo.raw(first.reference(), null));
      assertThat(list.path("mediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
      List<String> platforms = new ArrayList<>();
      List<List<String>> appLayers = new ArrayList<>();
      String repository = first.reference().substring(0, first.reference().lastIndexOf(':'));
      for (JsonNode entry : list.path("manifests")) {
        platforms.add(entry.at("/platform/os").asText() + "/" + entry.at("/platform/architecture").asText());
        List<String> layers = JSON.readTree(skopeo.raw(repository + "@" + entry.path("digest").asText(), null)).path("layers")
            .findValuesAsText("digest");
        // base layer first, then /app/libs and /app/lib
        assertThat(layers).hasSize(3);
        appLayers.add(layers.subList(1, 3));
      }
      assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
      assertThat(appLayers.get(1)).as("application layers of arm64 against amd64").isEqualTo(appLayers.get(0));

      for (String arch : List.of("amd64", "arm64")) {
        JsonNode config = JSON.readTree(skopeo.config(first.reference(), arch)).path("config");
        assertThat(JSON.convertValue(config.path("Entrypoint"), List.class)).as(arch).isEqualTo(OperatorImage.ENTRYPOINT);
        assertThat(JSON.convertValue(config.path("Cmd"), List.class)).as(arch).isEqualTo(OperatorImage.CMD);
        assertThat(config.path("User").asText()).as(arch).isEqualTo(OperatorImage.USER);
        assertThat(config.path("WorkingDir").asText()).as(arch).isEqualTo(OperatorImage.WORKING_DIRECTORY);
        assertThat(JSON.convertValue(config.path("Labels"), Map.class)).as(arch)
            .isEqualTo(OperatorImage.labels(Main.VERSION, REVISION, SOURCE));
      }

      assertThat(second.digest()).as("the list digest of a second build from the same inputs").isEqualTo(first.digest());
    }
  }

  private static String[] pageValues(boolean csi) {
    return new String[] {"imageRef.repository=" + REPOSITORY, "imageRef.tag=" + TAG,
        "customPullSecret=" + E2eSandbox.CUSTOM_PULL_SECRET, "csidriver.enabled=" + csi};
  }

  /** AK_MODULES_JSON of the operator container, parsed. */
  private static JsonNode modulesJson(Rendered r) throws Exception {
    return JSON.readTree(r.container(ObjectNames.OPERATOR_DEPLOYMENT, ObjectNames.OPERATOR_CONTAINER).env(EnvVars.AK_MODULES_JSON)
        .orElseThrow());
  }

  /** One build with a cache of its own, so a second build reuses nothing but the inputs. */
  private static OperatorImageBuilder.Built build(E2eSandbox s, String base, String tag, Path cache) throws Exception {
    Credential pusher = Credential.from(s.pusher().name(), s.pusher().password());
    return OperatorImageBuilder.build(new OperatorImageBuilder.Request(base, pusher,
        s.registry().reference(E2eSandbox.REPOSITORY_PREFIX + "/astromkey-operator", tag), pusher,
        PackagingDir.resolve("target/app"), Main.VERSION, REVISION, SOURCE, cache, false));
  }
}
