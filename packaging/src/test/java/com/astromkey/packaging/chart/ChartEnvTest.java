package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.packaging.chart.Rendered.Container;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment the chart exports to each container (helm-and-image.md §3.2). */
class ChartEnvTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BIG_JVM = "-XX:+UseSerialGC -XX:MaxRAMPercentage=55 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m"
      + " -XX:MaxDirectMemorySize=32m -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError";
  static final String SERVER_JVM = "-XX:+UseSerialGC -XX:MaxRAMPercentage=45 -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m"
      + " -XX:MaxDirectMemorySize=16m -XX:-UsePerfData";
  static final String SMALL_JVM = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -XX:MaxRAMPercentage=35 -XX:MaxMetaspaceSize=40m"
      + " -XX:ReservedCodeCacheSize=8m -XX:MaxDirectMemorySize=8m -XX:-UsePerfData";

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static JsonNode modulesJson(Rendered r) {
    List<String> values = r.containers().stream().map(c -> c.env("AK_MODULES_JSON").orElseThrow(
        () -> new AssertionError(c.name() + " has no AK_MODULES_JSON"))).distinct().toList();
    assertThat(values).as("every container gets the same AK_MODULES_JSON").hasSize(1);
    return json(values.get(0));
  }

  @Test
  void modulesJsonMatchesTheValues() {
    assertThat(modulesJson(ChartRenders.render()))
        .isEqualTo(json("{\"csiDriver\": true, \"oneAgent\": true, \"activeGate\": true}"));
    assertThat(modulesJson(ChartRenders.render("csidriver.enabled=false", "rbac.oneAgent.create=false")))
        .isEqualTo(json("{\"csiDriver\": false, \"oneAgent\": false, \"activeGate\": true}"));
    assertThat(modulesJson(ChartRenders.render("csidriver.migrationMode=true", "rbac.activeGate.create=false")))
        .isEqualTo(json("{\"csiDriver\": false, \"oneAgent\": true, \"activeGate\": false}"));
  }

  @Test
  void envPresenceFollowsTheTable() {
    Rendered r = ChartRenders.render("customPullSecret=s", "operator.clientConnectTimeout=5s", "operator.clientReadTimeout=20s",
        "csidriver.clientConnectTimeout=6s", "csidriver.clientReadTimeout=10m");
    Map<String, List<String>> expected = Map.ofEntries(
        Map.entry("POD_NAMESPACE", List.of("operator", "webhook", "csi-init", "server", "provisioner", "registrar", "liveness-probe")),
        Map.entry("POD_NAME", List.of("operator", "webhook", "provisioner")),
        Map.entry("AK_OPERATOR_IMAGE", List.of("operator", "webhook")),
        Map.entry("AK_OPERATOR_PULL_SECRET", List.of("operator", "webhook", "provisioner")),
        Map.entry("AK_MODULES_JSON", List.of("operator", "webhook", "csi-init", "server", "provisioner", "registrar", "liveness-probe")),
        Map.entry("AK_HELM_JSON", List.of("provisioner")),
        Map.entry("AK_CLIENT_CONNECT_TIMEOUT", List.of("operator", "provisioner")),
        Map.entry("AK_CLIENT_READ_TIMEOUT", List.of("operator", "provisioner")),
        Map.entry("AK_WEBHOOK_TIMEOUT_SECONDS", List.of("webhook")),
        Map.entry("AK_LOG_LEVEL", List.of("operator", "webhook", "csi-init", "server", "provisioner", "registrar", "liveness-probe")),
        Map.entry("AK_SIGNATURE_MODE", List.of("operator", "provisioner")),
        Map.entry("AK_SIGNATURE_KEYS_CONFIGMAP", List.of("operator", "provisioner")),
        Map.entry("JAVA_TOOL_OPTIONS", List.of("operator", "webhook", "csi-init", "server", "provisioner", "registrar", "liveness-probe")),
        Map.entry("AK_NODE_NAME", List.of("csi-init", "server", "provisioner", "registrar", "liveness-probe")),
        Map.entry("AK_CSI_DATA_DIR", List.of("csi-init", "server", "provisioner", "registrar", "liveness-probe")),
        Map.entry("AK_CSI_REGISTRATION_PATH", List.of("registrar")),
        Map.entry("AK_CSI_MAX_GRPC_REQUESTS", List.of("server")));
    expected.forEach((env, names) -> assertThat(r.containers().stream().filter(c -> c.hasEnv(env)).map(Container::name))
        .as(env).containsExactlyInAnyOrderElementsOf(names));
    assertThat(r.container("astromkey-operator", "operator").env("AK_CLIENT_CONNECT_TIMEOUT")).contains("5s");
    assertThat(r.container("astromkey-operator", "operator").env("AK_CLIENT_READ_TIMEOUT")).contains("20s");
    assertThat(r.container("astromkey-csi-driver", "provisioner").env("AK_CLIENT_CONNECT_TIMEOUT")).contains("6s");
    assertThat(r.container("astromkey-csi-driver", "provisioner").env("AK_CLIENT_READ_TIMEOUT")).contains("10m");
  }

  @Test
  void defaultsLeaveProgramDefaultsInForce() {
    Rendered r = ChartRenders.render();
    for (String unset : List.of("AK_DEFAULT_REQUEUE_AFTER", "AK_CLIENT_CONNECT_TIMEOUT", "AK_CLIENT_READ_TIMEOUT", "AK_WEBHOOK_CERTS_ROOT_DURATION",
        "AK_CSI_CLEANUP_PERIOD", "AK_CSI_CACHE_BUDGET", "AK_CSI_DIGEST_RECHECK_PERIOD")) {
      assertThat(r.containers()).as(unset).noneMatch(c -> c.hasEnv(unset));
    }
    Container provisioner = r.container("astromkey-csi-driver", "provisioner");
    assertThat(provisioner.env("AK_CSI_MAX_PARALLEL_INSTALLS")).contains("2");
    assertThat(provisioner.env("AK_SIGNATURE_MODE")).contains("off");
    assertThat(provisioner.env("AK_SIGNATURE_KEYS_CONFIGMAP")).contains("astromkey-signature-keys");
    assertThat(r.container("astromkey-csi-driver", "server").env("AK_CSI_MAX_GRPC_REQUESTS")).contains("20");
    assertThat(r.container("astromkey-csi-driver", "registrar").env("AK_CSI_REGISTRATION_PATH"))
        .contains("/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/csi.sock");
    assertThat(r.container("astromkey-webhook", "webhook").env("AK_WEBHOOK_TIMEOUT_SECONDS")).contains("10");
    assertThat(r.containers()).allSatisfy(c -> assertThat(c.env("AK_LOG_LEVEL")).contains("info"));
    assertThat(r.containers()).allSatisfy(c -> assertThat(c.env("AK_CSI_DATA_DIR").orElse("/data")).isEqualTo("/data"));
  }

  @Test
  void settingsReachTheirEnv() {
    Rendered r = ChartRenders.render("operator.requeueAfter=20m", "webhook.certs.rootDuration=1000h", "webhook.certs.serverDuration=100h",
        "webhook.certs.renewalThreshold=24h", "webhook.certs.requeueAfter=1h", "csidriver.cleanupPeriod=1h", "csidriver.cacheBudget=10Gi",
        "csidriver.digestRecheckPeriod=5m", "csidriver.maxParallelInstalls=4", "csidriver.maxGrpcRequests=50",
        "webhook.mutatingWebhook.timeoutSeconds=7", "signatureVerification.mode=enforce", "debugLogs=true",
        "csidriver.kubeletPath=/var/data/kubelet/");
    Container operator = r.container("astromkey-operator", "operator");
    assertThat(operator.env("AK_DEFAULT_REQUEUE_AFTER")).contains("20m");
    assertThat(operator.env("AK_WEBHOOK_CERTS_ROOT_DURATION")).contains("1000h");
    assertThat(operator.env("AK_WEBHOOK_CERTS_SERVER_DURATION")).contains("100h");
    assertThat(operator.env("AK_WEBHOOK_CERTS_RENEWAL_THRESHOLD")).contains("24h");
    assertThat(operator.env("AK_WEBHOOK_CERTS_REQUEUE_AFTER")).contains("1h");
    assertThat(operator.env("AK_SIGNATURE_MODE")).contains("enforce");
    Container provisioner = r.container("astromkey-csi-driver", "provisioner");
    assertThat(provisioner.env("AK_CSI_CLEANUP_PERIOD")).contains("1h");
    assertThat(provisioner.env("AK_CSI_CACHE_BUDGET")).contains("10Gi");
    assertThat(provisioner.env("AK_CSI_DIGEST_RECHECK_PERIOD")).contains("5m");
    assertThat(provisioner.env("AK_CSI_MAX_PARALLEL_INSTALLS")).contains("4");
    assertThat(provisioner.env("AK_SIGNATURE_MODE")).contains("enforce");
    assertThat(r.container("astromkey-csi-driver", "server").env("AK_CSI_MAX_GRPC_REQUESTS")).contains("50");
    assertThat(r.container("astromkey-webhook", "webhook").env("AK_WEBHOOK_TIMEOUT_SECONDS")).contains("7");
    assertThat(r.containers()).allSatisfy(c -> assertThat(c.env("AK_LOG_LEVEL")).as(c.name()).contains("debug"));
    assertThat(r.container("astromkey-csi-driver", "registrar").env("AK_CSI_REGISTRATION_PATH"))
        .contains("/var/data/kubelet/plugins/csi.oneagent.astromkey.com/csi.sock");
    assertThat(r.container("astromkey-csi-driver", "server").node().path("args").toString()).contains("--kubelet-dir=/var/data/kubelet\"");
    List<String> hostPaths = new ArrayList<>();
    r.get("DaemonSet", "astromkey-csi-driver").at("/spec/template/spec/volumes")
        .forEach(v -> { if (v.has("hostPath")) hostPaths.add(v.at("/hostPath/path").asText()); });
    assertThat(hostPaths).containsExactly("/var/data/kubelet/plugins_registry/", "/var/data/kubelet/plugins/csi.oneagent.astromkey.com/",
        "/var/data/kubelet/plugins/csi.oneagent.astromkey.com/data", "/var/data/kubelet/pods/");
  }

  @Test
  void javaToolOptionsPerContainer() {
    Rendered r = ChartRenders.render();
    Map<String, String> expected = Map.of("operator", BIG_JVM, "webhook", BIG_JVM, "provisioner", BIG_JVM, "server", SERVER_JVM,
        "csi-init", SMALL_JVM, "registrar", SMALL_JVM, "liveness-probe", SMALL_JVM);
    assertThat(r.containers()).allSatisfy(c -> assertThat(c.env("JAVA_TOOL_OPTIONS")).as(c.name()).contains(expected.get(c.name())));
  }

  @Test
  void helmJsonCarriesEveryJobSetting() {
    JsonNode defaults = json(ChartRenders.render().container("astromkey-csi-driver", "provisioner").env("AK_HELM_JSON").orElseThrow());
    assertThat(defaults.fieldNames()).toIterable().containsExactly("job");
    JsonNode job = defaults.get("job");
    assertThat(job.fieldNames()).toIterable()
        .containsExactlyInAnyOrder("tolerations", "annotations", "labels", "securityContext", "resources", "priorityClassName");
    assertThat(job.at("/securityContext/runAsUser").asInt()).isZero();
    assertThat(job.at("/securityContext/privileged").asBoolean()).isFalse();
    assertThat(job.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(job.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(job.at("/resources/requests").toString()).isEqualTo("{\"cpu\":\"200m\",\"memory\":\"64Mi\"}");
    assertThat(job.path("priorityClassName").asText()).isEmpty();
    assertThat(job.path("tolerations").isArray()).isTrue();

    JsonNode set = json(ChartRenders.render("csidriver.job.priorityClassName=jobs", "csidriver.job.labels.team=a",
        "csidriver.job.annotations.note=b", "csidriver.job.tolerations[0].operator=Exists",
        "csidriver.job.resources.limits.memory=128Mi").container("astromkey-csi-driver", "provisioner").env("AK_HELM_JSON").orElseThrow());
    assertThat(set.at("/job/priorityClassName").asText()).isEqualTo("jobs");
    assertThat(set.at("/job/labels").toString()).isEqualTo("{\"team\":\"a\"}");
    assertThat(set.at("/job/annotations").toString()).isEqualTo("{\"note\":\"b\"}");
    assertThat(set.at("/job/tolerations").toString()).isEqualTo("[{\"operator\":\"Exists\"}]");
    assertThat(set.at("/job/resources/limits/memory").asText()).isEqualTo("128Mi");
  }
}
