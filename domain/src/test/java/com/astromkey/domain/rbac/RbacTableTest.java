package com.astromkey.domain.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RbacTableTest {
  private static Permission p(String group, String resource, String verb) {
    return new Permission(group, resource, "", verb);
  }

  @Test
  void everyServiceAccountOfTheChartHasAnEntry() {
    assertThat(RbacTable.all()).extracting(ServiceAccountRbac::serviceAccount).containsExactly(
        "astromkey-operator", "astromkey-webhook", "astromkey-csi-driver", "astromkey-dynakube-oneagent", "astromkey-activegate");
    assertThat(RbacTable.forServiceAccount("astromkey-webhook")).isEqualTo(RbacTable.webhook());
    assertThatThrownBy(() -> RbacTable.forServiceAccount("default")).hasMessageContaining("default");
  }

  @Test
  void rulesExpandToSingleGrants() {
    PolicyRule rule = PolicyRule.named("apps", List.of("deployments", "daemonsets"), List.of("a"), List.of("get", "update"), "why");
    assertThat(rule.permissions()).containsExactly(
        new Permission("apps", "daemonsets", "a", "get"), new Permission("apps", "daemonsets", "a", "update"),
        new Permission("apps", "deployments", "a", "get"), new Permission("apps", "deployments", "a", "update"));
    assertThat(new Permission("", "pods", "", "get")).hasToString("core/pods:get");
  }

  @Test
  void wildcardsAndEmptyRulesAreRefused() {
    assertThatThrownBy(() -> PolicyRule.of("", List.of("pods"), List.of("*"), "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyRule.of("", List.of("*"), List.of("get"), "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyRule.of("", List.of(), List.of("get"), "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void operatorMatchesTheSpecTable() {
    ServiceAccountRbac operator = RbacTable.operator();
    assertThat(operator.clusterPermissions()).contains(
        p("", "namespaces", "patch"), p("", "secrets", "create"), p("", "secrets", "delete"), p("", "nodes", "list"),
        p("", "events", "create"), p("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "watch"),
        new Permission("admissionregistration.k8s.io", "validatingwebhookconfigurations", "astromkey-webhook", "update"),
        new Permission("apiextensions.k8s.io", "customresourcedefinitions", "dynakubes.astromkey.com", "get"));
    // cluster-wide the operator never patches secrets nor updates somebody else's webhook configuration
    assertThat(operator.clusterPermissions()).doesNotContain(
        p("", "secrets", "patch"), p("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "update"));
    assertThat(operator.namespacePermissions()).contains(
        p("astromkey.com", "dynakubes/finalizers", "update"), p("apps", "statefulsets", "delete"), p("", "configmaps", "patch"),
        p("", "pods", "watch"), p("apps", "deployments", "watch"), p("coordination.k8s.io", "leases", "update"));
    assertThat(operator.namespacePermissions()).doesNotContain(p("", "pods", "delete"), p("apps", "deployments", "update"));
  }

  @Test
  void webhookOnlyReads() {
    ServiceAccountRbac webhook = RbacTable.webhook();
    assertThat(webhook.clusterPermissions()).containsExactlyInAnyOrder(
        p("", "namespaces", "get"), p("", "namespaces", "list"), p("", "namespaces", "watch"),
        p("", "secrets", "list"), p("", "secrets", "watch"), p("", "events", "create"));
    assertThat(webhook.namespacePermissions()).allMatch(g -> List.of("get", "list", "watch").contains(g.verb()));
  }

  @Test
  void csiDriverAndAgents() {
    assertThat(RbacTable.csiDriver().clusterPermissions()).containsExactlyInAnyOrder(p("", "nodes", "get"), p("", "events", "create"));
    assertThat(RbacTable.csiDriver().namespacePermissions()).contains(
        p("batch", "jobs", "create"), p("batch", "jobs", "delete"), p("", "configmaps", "watch"), p("", "pods", "list"))
        .doesNotContain(p("batch", "jobs", "update"), p("", "secrets", "create"));
    assertThat(RbacTable.oneAgent().clusterRules()).isEmpty();
    assertThat(RbacTable.oneAgent().namespaceRules()).isEmpty();
    assertThat(RbacTable.activeGate().clusterPermissions()).hasSize(11 * 3)
        .allMatch(g -> List.of("get", "list", "watch").contains(g.verb()));
    assertThat(RbacTable.activeGate().namespaceRules()).isEmpty();
  }
}
