package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One render per chart value with that value changed, asserting where the change lands; a value added to values.yaml without
 * an entry here fails {@link #everyValueHasAnEffect}, so no value goes untested.
 */
class ChartValuesEffectTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String OPERATOR = "astromkey-operator";
  static final String WEBHOOK = "astromkey-webhook";
  static final String CSI = "astromkey-csi-driver";
  static final Map<String, String> CSI_CONTAINERS = Map.of("csiInit", "csi-init", "server", "server", "provisioner", "provisioner",
      "registrar", "registrar", "livenessprobe", "liveness-probe");
  static final String REPO = "registry.my-company.com/astromkey/astromkey-operator";
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  /** The --set arguments that change one value and the check that the render shows the change. */
  record Effect(List<String> sets, Consumer<Rendered> check) {}

  static final Map<String, Effect> EFFECTS = effects();

  static Map<String, Effect> effects() {
    Map<String, Effect> e = new LinkedHashMap<>();
    e.put("image", effect(r -> assertThat(image(r, OPERATOR, "operator")).isEqualTo("x.example/y:z"), "image=x.example/y:z"));
    e.put("imageRef.repository", effect(r -> assertThat(image(r, OPERATOR, "operator")).startsWith(REPO + ":v"),
        "imageRef.repository=" + REPO));
    e.put("imageRef.tag", effect(r -> assertThat(image(r, OPERATOR, "operator")).isEqualTo(REPO + ":v9.9.9"),
        "imageRef.repository=" + REPO, "imageRef.tag=v9.9.9"));
    e.put("imageRef.digest", effect(r -> assertThat(image(r, OPERATOR, "operator")).isEqualTo(REPO + "@" + DIGEST),
        "imageRef.repository=" + REPO, "imageRef.digest=" + DIGEST));
    e.put("imageRef.pullPolicy", effect(r -> assertThat(r.container(OPERATOR, "operator").node().path("imagePullPolicy").asText())
        .isEqualTo("Always"), "imageRef.pullPolicy=Always"));
    e.put("customPullSecret", effect(r -> assertThat(pod(r, "Deployment", OPERATOR).at("/imagePullSecrets/0/name").asText())
        .isEqualTo("my-registry-secret"), "customPullSecret=my-registry-secret"));
    e.put("installCRD", effect(r -> assertThat(r.ofKind("CustomResourceDefinition")).isEmpty(), "installCRD=false"));
    e.put("manifests", effect(r -> assertThat(r.get("Deployment", OPERATOR).at("/metadata/labels").has("helm.sh/chart")).isFalse(),
        "manifests=true"));
    e.put("platform", new Effect(List.of("platform=openshift"), null));
    e.put("debugLogs", effect(r -> assertThat(env(r, OPERATOR, "operator", "AK_LOG_LEVEL")).isEqualTo("debug"), "debugLogs=true"));
    e.put("rbac.oneAgent.create", effect(r -> assertThat(r.find("ServiceAccount", "astromkey-dynakube-oneagent")).isEmpty(),
        "rbac.oneAgent.create=false"));
    e.put("rbac.activeGate.create", effect(r -> assertThat(r.find("ServiceAccount", "astromkey-activegate")).isEmpty(),
        "rbac.activeGate.create=false"));
    e.put("operator.requeueAfter", envEffect(OPERATOR, "operator", "AK_DEFAULT_REQUEUE_AFTER", "operator.requeueAfter", "7m"));
    e.put("operator.clientReadTimeout", envEffect(OPERATOR, "operator", "AK_CLIENT_READ_TIMEOUT", "operator.clientReadTimeout", "41s"));
    e.put("operator.clientConnectTimeout",
        envEffect(OPERATOR, "operator", "AK_CLIENT_CONNECT_TIMEOUT", "operator.clientConnectTimeout", "4s"));
    podValues(e, "operator", "Deployment", OPERATOR, "operator");
    e.put("webhook.replicas", effect(r -> assertThat(r.get("Deployment", WEBHOOK).at("/spec/replicas").asInt()).isEqualTo(3),
        "webhook.replicas=3"));
    e.put("webhook.ports.server", effect(r -> {
      assertThat(env(r, WEBHOOK, "webhook", "AK_WEBHOOK_PORT")).isEqualTo("9443");
      assertThat(ports(r)).contains(9443);
    }, "webhook.ports.server=9443"));
    e.put("webhook.ports.metrics", effect(r -> {
      assertThat(env(r, WEBHOOK, "webhook", "AK_METRICS_PORT")).isEqualTo("9383");
      assertThat(ports(r)).contains(9383);
    }, "webhook.ports.metrics=9383"));
    e.put("webhook.ports.healthProbe", effect(r -> {
      assertThat(env(r, WEBHOOK, "webhook", "AK_HEALTH_PORT")).isEqualTo("11080");
      assertThat(ports(r)).contains(11080);
    }, "webhook.ports.healthProbe=11080"));
    e.put("webhook.mutatingWebhook.failurePolicy", effect(r -> assertThat(
        r.get("MutatingWebhookConfiguration", WEBHOOK).path("webhooks").findValuesAsText("failurePolicy")).hasSize(2).containsOnly("Fail"),
        "webhook.mutatingWebhook.failurePolicy=Fail"));
    e.put("webhook.mutatingWebhook.timeoutSeconds", effect(r -> {
      assertThat(r.get("MutatingWebhookConfiguration", WEBHOOK).path("webhooks").findValuesAsText("timeoutSeconds")).hasSize(2)
          .containsOnly("7");
      assertThat(env(r, WEBHOOK, "webhook", "AK_WEBHOOK_TIMEOUT_SECONDS")).isEqualTo("7");
    }, "webhook.mutatingWebhook.timeoutSeconds=7"));
    e.put("webhook.validatingWebhook.timeoutSeconds", effect(r -> assertThat(
        r.get("ValidatingWebhookConfiguration", WEBHOOK).path("webhooks").findValuesAsText("timeoutSeconds")).containsOnly("8"),
        "webhook.validatingWebhook.timeoutSeconds=8"));
    e.put("webhook.certs.rootDuration",
        envEffect(OPERATOR, "operator", "AK_WEBHOOK_CERTS_ROOT_DURATION", "webhook.certs.rootDuration", "100h"));
    e.put("webhook.certs.serverDuration",
        envEffect(OPERATOR, "operator", "AK_WEBHOOK_CERTS_SERVER_DURATION", "webhook.certs.serverDuration", "50h"));
    e.put("webhook.certs.renewalThreshold",
        envEffect(OPERATOR, "operator", "AK_WEBHOOK_CERTS_RENEWAL_THRESHOLD", "webhook.certs.renewalThreshold", "5h"));
    e.put("webhook.certs.requeueAfter",
        envEffect(OPERATOR, "operator", "AK_WEBHOOK_CERTS_REQUEUE_AFTER", "webhook.certs.requeueAfter", "1h"));
    e.put("webhook.topologySpreadConstraints", effect(r -> {
      JsonNode constraints = pod(r, "Deployment", WEBHOOK).path("topologySpreadConstraints");
      assertThat(constraints.size()).isEqualTo(1);
      assertThat(constraints.at("/0/maxSkew").asInt()).isEqualTo(3);
    }, "webhook.topologySpreadConstraints[0].maxSkew=3", "webhook.topologySpreadConstraints[0].topologyKey=kubernetes.io/hostname",
        "webhook.topologySpreadConstraints[0].whenUnsatisfiable=DoNotSchedule"));
    e.put("webhook.podDisruptionBudget.minAvailable", effect(r -> assertThat(
        r.get("PodDisruptionBudget", WEBHOOK).at("/spec/minAvailable").asInt()).isEqualTo(2),
        "webhook.replicas=3", "webhook.podDisruptionBudget.minAvailable=2"));
    podValues(e, "webhook", "Deployment", WEBHOOK, "webhook");
    e.put("csidriver.enabled", effect(r -> assertThat(r.find("DaemonSet", CSI)).isEmpty(), "csidriver.enabled=false"));
    e.put("csidriver.migrationMode", effect(r -> {
      assertThat(r.find("DaemonSet", CSI)).isPresent();
      assertThat(env(r, OPERATOR, "operator", "AK_MODULES_JSON")).contains("\"csiDriver\":false");
    }, "csidriver.migrationMode=true"));
    e.put("csidriver.kubeletPath", effect(r -> {
      assertThat(env(r, CSI, "registrar", "AK_CSI_REGISTRATION_PATH")).startsWith("/data/kubelet/");
      assertThat(r.fieldsNamed("hostPath")).extracting(n -> n.path("path").asText()).anyMatch(p -> p.startsWith("/data/kubelet/"))
          .noneMatch(p -> p.startsWith("/var/lib/kubelet"));
    }, "csidriver.kubeletPath=/data/kubelet"));
    e.put("csidriver.existingPriorityClassName", effect(r -> {
      assertThat(pod(r, "DaemonSet", CSI).path("priorityClassName").asText()).isEqualTo("system-node-critical");
      assertThat(r.ofKind("PriorityClass")).isEmpty();
    }, "csidriver.existingPriorityClassName=system-node-critical"));
    e.put("csidriver.priorityClassValue", effect(r -> assertThat(
        r.get("PriorityClass", "astromkey-high-priority").path("value").asInt()).isEqualTo(5), "csidriver.priorityClassValue=5"));
    e.put("csidriver.cleanupPeriod", envEffect(CSI, "provisioner", "AK_CSI_CLEANUP_PERIOD", "csidriver.cleanupPeriod", "45m"));
    e.put("csidriver.clientConnectTimeout",
        envEffect(CSI, "provisioner", "AK_CLIENT_CONNECT_TIMEOUT", "csidriver.clientConnectTimeout", "3s"));
    e.put("csidriver.clientReadTimeout", envEffect(CSI, "provisioner", "AK_CLIENT_READ_TIMEOUT", "csidriver.clientReadTimeout", "20m"));
    e.put("csidriver.cacheBudget", envEffect(CSI, "provisioner", "AK_CSI_CACHE_BUDGET", "csidriver.cacheBudget", "10Gi"));
    e.put("csidriver.digestRecheckPeriod",
        envEffect(CSI, "provisioner", "AK_CSI_DIGEST_RECHECK_PERIOD", "csidriver.digestRecheckPeriod", "1h"));
    e.put("csidriver.maxParallelInstalls",
        envEffect(CSI, "provisioner", "AK_CSI_MAX_PARALLEL_INSTALLS", "csidriver.maxParallelInstalls", "5"));
    e.put("csidriver.maxGrpcRequests", envEffect(CSI, "server", "AK_CSI_MAX_GRPC_REQUESTS", "csidriver.maxGrpcRequests", "7"));
    e.put("csidriver.tolerations", effect(r -> assertThat(pod(r, "DaemonSet", CSI).path("tolerations").findValuesAsText("key"))
        .containsExactly("k1"), "csidriver.tolerations[0].key=k1", "csidriver.tolerations[0].operator=Exists"));
    e.put("csidriver.nodeSelector", effect(r -> assertThat(pod(r, "DaemonSet", CSI).at("/nodeSelector/disk").asText())
        .isEqualTo("ssd"), "csidriver.nodeSelector.disk=ssd"));
    e.put("csidriver.labels", effect(r -> {
      assertThat(r.get("DaemonSet", CSI).at("/metadata/labels/team").asText()).isEqualTo("blue");
      assertThat(r.get("DaemonSet", CSI).at("/spec/template/metadata/labels/team").asText()).isEqualTo("blue");
    }, "csidriver.labels.team=blue"));
    e.put("csidriver.annotations", effect(r -> assertThat(
        r.get("DaemonSet", CSI).at("/spec/template/metadata/annotations/note").asText()).isEqualTo("x"), "csidriver.annotations.note=x"));
    e.put("csidriver.updateStrategy", effect(r -> assertThat(
        r.get("DaemonSet", CSI).at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(3),
        "csidriver.updateStrategy.rollingUpdate.maxUnavailable=3"));
    CSI_CONTAINERS.forEach((key, container) -> csiContainerValues(e, key, container));
    e.put("csidriver.job.securityContext", jobEffect("/securityContext/runAsUser", "7", "csidriver.job.securityContext.runAsUser=7"));
    e.put("csidriver.job.resources", jobEffect("/resources/limits/memory", "99Mi", "csidriver.job.resources.limits.memory=99Mi"));
    e.put("csidriver.job.priorityClassName", jobEffect("/priorityClassName", "pc", "csidriver.job.priorityClassName=pc"));
    e.put("csidriver.job.tolerations", jobEffect("/tolerations/0/key", "k1", "csidriver.job.tolerations[0].key=k1"));
    e.put("csidriver.job.annotations", jobEffect("/annotations/note", "x", "csidriver.job.annotations.note=x"));
    e.put("csidriver.job.labels", jobEffect("/labels/team", "blue", "csidriver.job.labels.team=blue"));
    e.put("signatureVerification.mode", effect(r -> {
      assertThat(env(r, OPERATOR, "operator", "AK_SIGNATURE_MODE")).isEqualTo("warn");
      assertThat(env(r, CSI, "provisioner", "AK_SIGNATURE_MODE")).isEqualTo("warn");
    }, "signatureVerification.mode=warn"));
    e.put("signatureVerification.publicKeys", effect(r -> assertThat(
        r.get("ConfigMap", "astromkey-signature-keys").at("/data/key-0.pub").asText()).contains("PUBLIC-KEY-TEXT"),
        "signatureVerification.publicKeys[0]=PUBLIC-KEY-TEXT"));
    return e;
  }

  /** Values every pod-owning component has: resources, javaOptions, scheduling, metadata and security contexts. */
  static void podValues(Map<String, Effect> e, String prefix, String kind, String workload, String container) {
    e.put(prefix + ".resources", effect(r -> assertThat(r.container(workload, container).node().at("/resources/limits/memory").asText())
        .isEqualTo("777Mi"), prefix + ".resources.limits.memory=777Mi"));
    e.put(prefix + ".javaOptions", envEffect(workload, container, "JAVA_TOOL_OPTIONS", prefix + ".javaOptions", "-Xss1m"));
    e.put(prefix + ".nodeSelector", effect(r -> assertThat(pod(r, kind, workload).at("/nodeSelector/disk").asText()).isEqualTo("ssd"),
        prefix + ".nodeSelector.disk=ssd"));
    e.put(prefix + ".tolerations", effect(r -> assertThat(pod(r, kind, workload).path("tolerations").findValuesAsText("key"))
        .containsExactly("k1"), prefix + ".tolerations[0].key=k1", prefix + ".tolerations[0].operator=Exists"));
    e.put(prefix + ".labels", effect(r -> {
      assertThat(r.get(kind, workload).at("/metadata/labels/team").asText()).isEqualTo("blue");
      assertThat(r.get(kind, workload).at("/spec/template/metadata/labels/team").asText()).isEqualTo("blue");
    }, prefix + ".labels.team=blue"));
    e.put(prefix + ".annotations", effect(r -> assertThat(r.get(kind, workload).at("/spec/template/metadata/annotations/note").asText())
        .isEqualTo("x"), prefix + ".annotations.note=x"));
    e.put(prefix + ".podSecurityContext", effect(r -> assertThat(pod(r, kind, workload).at("/securityContext/runAsUser").asInt())
        .isEqualTo(4242), prefix + ".podSecurityContext.runAsUser=4242"));
    e.put(prefix + ".securityContext", effect(r -> assertThat(
        r.container(workload, container).node().at("/securityContext/runAsUser").asInt()).isEqualTo(4242),
        prefix + ".securityContext.runAsUser=4242"));
  }

  /**
   * A CSI container's own values. Several of them share a YAML anchor in values.yaml, so each check also proves that changing
   * one container leaves its siblings alone.
   */
  static void csiContainerValues(Map<String, Effect> e, String key, String container) {
    String prefix = "csidriver." + key;
    e.put(prefix + ".securityContext", csiOnly(container, "/securityContext/runAsUser", "4242", prefix + ".securityContext.runAsUser=4242"));
    e.put(prefix + ".resources", csiOnly(container, "/resources/limits/memory", "333Mi", prefix + ".resources.limits.memory=333Mi"));
    e.put(prefix + ".javaOptions", effect(r -> {
      for (String other : CSI_CONTAINERS.values()) {
        String options = env(r, CSI, other, "JAVA_TOOL_OPTIONS");
        if (other.equals(container)) {
          assertThat(options).as(other).isEqualTo("-Xss1m");
        } else {
          assertThat(options).as(other).isNotEqualTo("-Xss1m");
        }
      }
    }, prefix + ".javaOptions=-Xss1m"));
  }

  static Effect csiOnly(String container, String pointer, String expected, String set) {
    return effect(r -> {
      for (String other : CSI_CONTAINERS.values()) {
        String actual = r.container(CSI, other).node().at(pointer).asText();
        if (other.equals(container)) {
          assertThat(actual).as(other).isEqualTo(expected);
        } else {
          assertThat(actual).as(other).isNotEqualTo(expected);
        }
      }
    }, set);
  }

  static Effect jobEffect(String pointer, String expected, String set) {
    return effect(r -> {
      JsonNode job;
      try {
        job = JSON.readTree(env(r, CSI, "provisioner", "AK_HELM_JSON")).path("job");
      } catch (Exception ex) {
        throw new AssertionError("AK_HELM_JSON is not JSON", ex);
      }
      assertThat(job.at(pointer).asText()).isEqualTo(expected);
    }, set);
  }

  static Effect envEffect(String workload, String container, String env, String key, String value) {
    return effect(r -> assertThat(env(r, workload, container, env)).isEqualTo(value), key + "=" + value);
  }

  static Effect effect(Consumer<Rendered> check, String... sets) {
    return new Effect(List.of(sets), check);
  }

  static String image(Rendered r, String workload, String container) {
    return r.container(workload, container).image();
  }

  static String env(Rendered r, String workload, String container, String name) {
    return r.container(workload, container).env(name).orElse("<unset>");
  }

  static JsonNode pod(Rendered r, String kind, String workload) {
    return r.get(kind, workload).at("/spec/template/spec");
  }

  static List<Integer> ports(Rendered r) {
    List<Integer> out = new ArrayList<>();
    r.container(WEBHOOK, "webhook").node().path("ports").forEach(p -> out.add(p.path("containerPort").asInt()));
    return out;
  }

  @Test
  void everyValueHasAnEffect() {
    assertThat(EFFECTS.keySet()).containsExactlyInAnyOrderElementsOf(ChartValues.values());
  }

  @TestFactory
  Stream<DynamicTest> eachValueChangesTheRender() {
    Rendered defaults = ChartRenders.render();
    return EFFECTS.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
      Effect effect = entry.getValue();
      String[] sets = effect.sets().toArray(String[]::new);
      if (effect.check() == null) {
        // the one value whose effect is a refusal: any other platform fails the render
        assertThat(ChartRenders.failure(sets)).contains("platform 'openshift' is not supported by this chart");
        return;
      }
      Rendered changed = ChartRenders.render(sets);
      effect.check().accept(changed);
      // the check must not also hold for the defaults, or it would not show the value's effect
      boolean holdsForDefaults;
      try {
        effect.check().accept(defaults);
        holdsForDefaults = true;
      } catch (AssertionError expected) {
        holdsForDefaults = false;
      }
      assertThat(holdsForDefaults).as("the check of %s also passes on the default render", entry.getKey()).isFalse();
    }));
  }
}
