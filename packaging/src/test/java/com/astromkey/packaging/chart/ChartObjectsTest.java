package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.packaging.chart.Rendered.Container;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which objects the chart renders for which values, and their security-relevant settings (helm-and-image.md §1, §7). */
class ChartObjectsTest {
  static final List<String> CSI_KINDS = List.of("CSIDriver", "DaemonSet", "PriorityClass");

  static List<String> names(Rendered r, String kind) {
    return r.ofKind(kind).stream().map(o -> o.at("/metadata/name").asText()).toList();
  }

  @Test
  void defaultRenderHasEveryComponent() {
    Rendered r = ChartRenders.render();
    assertThat(names(r, "Deployment")).containsExactlyInAnyOrder("astromkey-operator", "astromkey-webhook");
    assertThat(names(r, "DaemonSet")).containsExactly("astromkey-csi-driver");
    assertThat(names(r, "CSIDriver")).containsExactly("csi.oneagent.astromkey.com");
    assertThat(names(r, "PriorityClass")).containsExactly("astromkey-high-priority");
    assertThat(names(r, "Service")).containsExactly("astromkey-webhook");
    assertThat(names(r, "ConfigMap")).containsExactly("astromkey-signature-keys");
    assertThat(names(r, "ServiceAccount")).containsExactlyInAnyOrder("astromkey-operator", "astromkey-webhook", "astromkey-csi-driver",
        "astromkey-dynakube-oneagent", "astromkey-activegate");
    assertThat(r.get("PriorityClass", "astromkey-high-priority").path("value").asInt()).isEqualTo(1000000);
    assertThat(r.get("PriorityClass", "astromkey-high-priority").path("globalDefault").asBoolean()).isFalse();
    JsonNode csiDriver = r.get("CSIDriver", "csi.oneagent.astromkey.com").path("spec");
    assertThat(csiDriver.path("attachRequired").asBoolean()).isFalse();
    assertThat(csiDriver.path("podInfoOnMount").asBoolean()).isTrue();
    assertThat(csiDriver.path("volumeLifecycleModes").toString()).isEqualTo("[\"Ephemeral\"]");
    assertThat(csiDriver.has("fsGroupPolicy")).isFalse();
    JsonNode ds = r.get("DaemonSet", "astromkey-csi-driver");
    assertThat(ds.at("/spec/template/spec/priorityClassName").asText()).isEqualTo("astromkey-high-priority");
    assertThat(ds.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(ds.at("/spec/updateStrategy/rollingUpdate/maxSurge").asInt()).isZero();
    assertThat(ds.at("/spec/template/spec/tolerations").findValuesAsText("key"))
        .containsExactly("node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane");
    assertThat(r.objects()).allSatisfy(o -> assertThat(o.at("/metadata/labels/helm.sh~1chart").asText()).isEqualTo("astromkey-operator-1.0.0"));
  }

  @Test
  void csiDriverDisabledRendersNoCsiObjects() {
    Rendered r = ChartRenders.render("csidriver.enabled=false");
    for (String kind : CSI_KINDS) {
      assertThat(r.ofKind(kind)).as(kind).isEmpty();
    }
    assertThat(r.text()).doesNotContain("astromkey-csi-driver");
  }

  @Test
  void migrationModeKeepsTheDaemonSet() {
    Rendered r = ChartRenders.render("csidriver.migrationMode=true");
    for (String kind : CSI_KINDS) {
      assertThat(r.ofKind(kind)).as(kind).hasSize(1);
    }
    assertThat(r.container("astromkey-csi-driver", "provisioner").env("AK_MODULES_JSON").orElseThrow()).contains("\"csiDriver\":false");
  }

  @Test
  void existingPriorityClassIsUsedInsteadOfOurs() {
    Rendered r = ChartRenders.render("csidriver.existingPriorityClassName=system-node-critical");
    assertThat(r.ofKind("PriorityClass")).isEmpty();
    assertThat(r.get("DaemonSet", "astromkey-csi-driver").at("/spec/template/spec/priorityClassName").asText())
        .isEqualTo("system-node-critical");
    assertThat(ChartRenders.render("csidriver.priorityClassValue=5000").get("PriorityClass", "astromkey-high-priority")
        .path("value").asInt()).isEqualTo(5000);
  }

  @Test
  void podDisruptionBudgetOnlyWithMoreThanOneReplica() {
    JsonNode pdb = ChartRenders.render().get("PodDisruptionBudget", "astromkey-webhook");
    assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(pdb.at("/spec/selector/matchLabels"))
        .isEqualTo(ChartRenders.render().get("Deployment", "astromkey-webhook").at("/spec/selector/matchLabels"));
    assertThat(ChartRenders.render().get("Deployment", "astromkey-webhook").at("/spec/replicas").asInt()).isEqualTo(2);
    Rendered single = ChartRenders.render("webhook.replicas=1");
    assertThat(single.ofKind("PodDisruptionBudget")).isEmpty();
    assertThat(single.get("Deployment", "astromkey-webhook").at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(ChartRenders.render("webhook.replicas=3").ofKind("PodDisruptionBudget")).hasSize(1);
  }

  @Test
  void noTemplateRendersCaBundle() {
    for (Rendered r : List.of(ChartRenders.render(), ChartRenders.render("csidriver.enabled=false"),
        ChartRenders.render("manifests=true"), ChartRenders.render("webhook.replicas=1", "customPullSecret=s"))) {
      assertThat(r.fieldsNamed("caBundle")).isEmpty();
      assertThat(r.text()).doesNotContain("caBundle");
    }
  }

  @Test
  void webhookConfigurations() {
    Rendered r = ChartRenders.render();
    JsonNode mutating = r.get("MutatingWebhookConfiguration", "astromkey-webhook").path("webhooks");
    assertThat(mutating).extracting(w -> w.path("name").asText()).containsExactly("webhook.pod.astromkey.com", "webhook.ns.astromkey.com");
    JsonNode pod = mutating.get(0);
    assertThat(pod.at("/clientConfig/service/name").asText()).isEqualTo("astromkey-webhook");
    assertThat(pod.at("/clientConfig/service/namespace").asText()).isEqualTo("astromkey");
    assertThat(pod.at("/clientConfig/service/path").asText()).isEqualTo("/inject");
    assertThat(pod.at("/rules/0/resources").toString()).isEqualTo("[\"pods\"]");
    assertThat(pod.at("/rules/0/operations").toString()).isEqualTo("[\"CREATE\"]");
    assertThat(pod.at("/rules/0/scope").asText()).isEqualTo("Namespaced");
    assertThat(pod.at("/namespaceSelector/matchExpressions/0/key").asText()).isEqualTo("dynakube.internal.astromkey.com/instance");
    assertThat(pod.at("/namespaceSelector/matchExpressions/0/operator").asText()).isEqualTo("Exists");
    assertThat(pod.path("failurePolicy").asText()).isEqualTo("Ignore");
    assertThat(pod.path("timeoutSeconds").asInt()).isEqualTo(10);
    assertThat(pod.path("reinvocationPolicy").asText()).isEqualTo("IfNeeded");
    assertThat(pod.path("matchPolicy").asText()).isEqualTo("Equivalent");
    assertThat(pod.path("sideEffects").asText()).isEqualTo("NoneOnDryRun");
    assertThat(pod.path("admissionReviewVersions").toString()).isEqualTo("[\"v1\"]");
    JsonNode ns = mutating.get(1);
    assertThat(ns.at("/clientConfig/service/path").asText()).isEqualTo("/label-ns");
    assertThat(ns.at("/rules/0/operations").toString()).isEqualTo("[\"CREATE\",\"UPDATE\"]");
    assertThat(ns.at("/rules/0/scope").asText()).isEqualTo("Cluster");
    assertThat(ns.at("/namespaceSelector/matchExpressions/0/operator").asText()).isEqualTo("NotIn");
    assertThat(ns.at("/namespaceSelector/matchExpressions/0/values").toString())
        .isEqualTo("[\"kube-system\",\"kube-public\",\"kube-node-lease\",\"astromkey\"]");
    assertThat(ns.path("sideEffects").asText()).isEqualTo("None");
    assertThat(ns.path("reinvocationPolicy").asText()).isEqualTo("Never");
    JsonNode validating = r.get("ValidatingWebhookConfiguration", "astromkey-webhook").path("webhooks").get(0);
    assertThat(validating.path("name").asText()).isEqualTo("v1beta5.dynakube.webhook.astromkey.com");
    assertThat(validating.at("/clientConfig/service/path").asText()).isEqualTo("/validate-astromkey-com-v1beta5-dynakube");
    assertThat(validating.at("/rules/0/apiGroups").toString()).isEqualTo("[\"astromkey.com\"]");
    assertThat(validating.at("/rules/0/apiVersions").toString()).isEqualTo("[\"v1beta5\"]");
    assertThat(validating.path("matchPolicy").asText()).isEqualTo("Exact");
    assertThat(validating.path("failurePolicy").asText()).isEqualTo("Fail");
    assertThat(validating.path("sideEffects").asText()).isEqualTo("None");

    Rendered tuned = ChartRenders.render("webhook.mutatingWebhook.failurePolicy=Fail", "webhook.mutatingWebhook.timeoutSeconds=5",
        "webhook.validatingWebhook.timeoutSeconds=3");
    JsonNode tunedMutating = tuned.get("MutatingWebhookConfiguration", "astromkey-webhook").path("webhooks");
    assertThat(tunedMutating.findValuesAsText("failurePolicy")).containsExactly("Fail", "Fail");
    assertThat(tunedMutating.findValues("timeoutSeconds")).extracting(JsonNode::asInt).containsExactly(5, 5);
    assertThat(tuned.get("ValidatingWebhookConfiguration", "astromkey-webhook").at("/webhooks/0/timeoutSeconds").asInt()).isEqualTo(3);
  }

  @Test
  void webhookDeploymentAndService() {
    Rendered r = ChartRenders.render();
    JsonNode pod = r.get("Deployment", "astromkey-webhook").at("/spec/template");
    assertThat(pod.at("/metadata/annotations/astromkey.com~1inject").asText()).isEqualTo("false");
    assertThat(pod.at("/metadata/labels/internal.astromkey.com~1app").asText()).isEqualTo("webhook");
    assertThat(pod.at("/metadata/labels/internal.astromkey.com~1component").asText()).isEqualTo("webhook");
    assertThat(pod.at("/spec/serviceAccountName").asText()).isEqualTo("astromkey-webhook");
    assertThat(pod.at("/spec/topologySpreadConstraints").findValuesAsText("topologyKey"))
        .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    Container webhook = r.container("astromkey-webhook", "webhook");
    assertThat(webhook.node().path("args").toString()).isEqualTo("[\"webhook\",\"--certs-dir=/var/run/astromkey/webhook-certs\"]");
    assertThat(webhook.env("AK_WEBHOOK_PORT")).contains("8443");
    assertThat(webhook.env("AK_HEALTH_PORT")).contains("10080");
    assertThat(webhook.env("AK_METRICS_PORT")).contains("8383");
    JsonNode service = r.get("Service", "astromkey-webhook").path("spec");
    assertThat(service.at("/ports/0/port").asInt()).isEqualTo(443);
    assertThat(service.at("/ports/0/targetPort").asText()).isEqualTo("server-port");
    assertThat(webhook.node().path("ports").findValuesAsText("name")).contains("server-port");
    assertThat(service.path("selector")).isEqualTo(r.get("Deployment", "astromkey-webhook").at("/spec/selector/matchLabels"));
    assertThat(r.container("astromkey-operator", "operator").node().path("args").toString()).isEqualTo("[\"operator\"]");
  }

  @Test
  void operatorAndWebhookRunRestricted() {
    Rendered r = ChartRenders.render();
    for (String name : List.of("astromkey-operator", "astromkey-webhook")) {
      JsonNode podSecurity = r.get("Deployment", name).at("/spec/template/spec/securityContext");
      assertThat(podSecurity.path("runAsNonRoot").asBoolean()).as(name).isTrue();
      assertThat(podSecurity.path("runAsUser").asInt()).isEqualTo(1001);
      assertThat(podSecurity.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    }
    for (Container c : List.of(r.container("astromkey-operator", "operator"), r.container("astromkey-webhook", "webhook"))) {
      JsonNode sc = c.node().path("securityContext");
      assertThat(sc.path("runAsNonRoot").asBoolean()).as(c.name()).isTrue();
      assertThat(sc.path("runAsUser").asInt()).isEqualTo(1001);
      assertThat(sc.path("runAsGroup").asInt()).isEqualTo(1001);
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(sc.path("privileged").asBoolean()).isFalse();
      assertThat(sc.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
      assertThat(sc.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    }
  }

  @Test
  void onlyCsiServerAndProvisionerArePrivileged() {
    Rendered r = ChartRenders.render();
    for (Container c : r.containers()) {
      JsonNode sc = c.node().path("securityContext");
      boolean privileged = List.of("server", "provisioner").contains(c.name());
      assertThat(sc.path("privileged").asBoolean()).as(c.name()).isEqualTo(privileged);
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(c.name()).isTrue();
      assertThat(sc.at("/seccompProfile/type").asText()).as(c.name()).isEqualTo("RuntimeDefault");
      if (!privileged) {
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).as(c.name()).isFalse();
        assertThat(sc.at("/capabilities/drop").toString()).as(c.name()).isEqualTo("[\"ALL\"]");
      }
      if (c.workload().equals("astromkey-csi-driver")) {
        assertThat(sc.path("runAsUser").asInt()).as(c.name()).isZero();
      }
    }
    // Bidirectional propagation is only allowed in privileged containers, and only those two use it
    for (Container c : r.containers()) {
      boolean bidirectional = c.node().path("volumeMounts").findValuesAsText("mountPropagation").contains("Bidirectional");
      assertThat(bidirectional).as(c.name()).isEqualTo(List.of("server", "provisioner").contains(c.name()));
    }
  }

  @Test
  void csiContainersAndMounts() {
    Rendered r = ChartRenders.render();
    Map<String, List<String>> mounts = Map.of(
        "csi-init", List.of("data-dir:/data", "tmp:/tmp"),
        "server", List.of("plugin-dir:/csi", "mountpoint-dir:/var/lib/kubelet/pods", "data-dir:/data", "tmp:/tmp"),
        "provisioner", List.of("data-dir:/data", "mountpoint-dir:/var/lib/kubelet/pods", "tmp:/tmp"),
        "registrar", List.of("plugin-dir:/csi", "registration-dir:/registration", "tmp:/tmp"),
        "liveness-probe", List.of("plugin-dir:/csi", "tmp:/tmp"));
    mounts.forEach((name, expected) -> {
      List<String> actual = new ArrayList<>();
      r.container("astromkey-csi-driver", name).node().path("volumeMounts")
          .forEach(m -> actual.add(m.path("name").asText() + ":" + m.path("mountPath").asText()));
      assertThat(actual).as(name).containsExactlyElementsOf(expected);
    });
    assertThat(r.container("astromkey-csi-driver", "csi-init").init()).isTrue();
    assertThat(r.container("astromkey-csi-driver", "server").node().path("args").toString()).isEqualTo(
        "[\"csi-server\",\"--csi-socket=/csi/csi.sock\",\"--node-id=$(AK_NODE_NAME)\",\"--kubelet-dir=/var/lib/kubelet\"]");
    assertThat(r.container("astromkey-csi-driver", "provisioner").node().path("args").toString())
        .isEqualTo("[\"csi-provisioner\",\"--health-port=10090\"]");
    assertThat(r.container("astromkey-csi-driver", "registrar").node().path("args").toString())
        .isEqualTo("[\"csi-registrar\",\"--csi-socket=/csi/csi.sock\",\"--registration-path=$(AK_CSI_REGISTRATION_PATH)\"]");
    assertThat(r.container("astromkey-csi-driver", "liveness-probe").node().path("args").toString())
        .isEqualTo("[\"csi-liveness\",\"--csi-socket=/csi/csi.sock\",\"--health-port=9808\",\"--probe-timeout=9s\"]");
    JsonNode liveness = r.container("astromkey-csi-driver", "server").node().path("livenessProbe");
    assertThat(liveness.at("/httpGet/port").asInt()).isEqualTo(9808);
    assertThat(liveness.at("/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(liveness.path("failureThreshold").asInt()).isEqualTo(5);
    assertThat(liveness.path("timeoutSeconds").asInt()).isEqualTo(10);
    JsonNode provisionerResources = r.container("astromkey-csi-driver", "provisioner").node().path("resources");
    assertThat(provisionerResources.at("/requests/cpu").asText()).isEqualTo("300m");
    assertThat(provisionerResources.at("/limits/memory").asText()).isEqualTo("512Mi");
  }

  @Test
  void everyPodHasASmallTmpAndTheInjectOptOut() {
    Rendered r = ChartRenders.render();
    assertThat(r.podSpecs()).hasSize(3).allSatisfy(spec -> {
      JsonNode tmp = null;
      for (JsonNode v : spec.path("volumes")) {
        if ("tmp".equals(v.path("name").asText())) {
          tmp = v;
        }
      }
      assertThat(tmp).isNotNull();
      assertThat(tmp.at("/emptyDir/sizeLimit").asText()).isEqualTo("64Mi");
    });
    assertThat(r.containers()).allSatisfy(c -> assertThat(c.node().path("volumeMounts").findValuesAsText("mountPath")).contains("/tmp"));
    for (String kind : List.of("Deployment", "DaemonSet")) {
      assertThat(r.ofKind(kind)).allSatisfy(w ->
          assertThat(w.at("/spec/template/metadata/annotations/astromkey.com~1inject").asText()).isEqualTo("false"));
    }
  }

  @Test
  void agentServiceAccountsFollowRbacValues() {
    Rendered r = ChartRenders.render("rbac.oneAgent.create=false", "rbac.activeGate.create=false");
    assertThat(names(r, "ServiceAccount")).containsExactlyInAnyOrder("astromkey-operator", "astromkey-webhook", "astromkey-csi-driver");
    assertThat(names(r, "ClusterRole")).doesNotContain("astromkey-activegate");
    assertThat(names(r, "ClusterRoleBinding")).doesNotContain("astromkey-activegate");
  }

  @Test
  void signatureKeysConfigMap() {
    assertThat(ChartRenders.render().get("ConfigMap", "astromkey-signature-keys").path("data").size()).isZero();
    String pemA = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";
    String pemB = "-----BEGIN PUBLIC KEY-----\nBBBB\n-----END PUBLIC KEY-----";
    JsonNode data = ChartRenders.render("signatureVerification.publicKeys[0]=" + pemA, "signatureVerification.publicKeys[1]=" + pemB)
        .get("ConfigMap", "astromkey-signature-keys").path("data");
    assertThat(data.fieldNames()).toIterable().containsExactly("key-0.pub", "key-1.pub");
    assertThat(data.path("key-0.pub").asText()).isEqualTo(pemA + "\n");
    assertThat(data.path("key-1.pub").asText()).isEqualTo(pemB + "\n");
  }
}
