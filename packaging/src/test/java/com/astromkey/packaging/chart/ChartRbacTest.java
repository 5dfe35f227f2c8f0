package com.astromkey.packaging.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.rbac.Permission;
import com.astromkey.domain.rbac.RbacTable;
import com.astromkey.domain.rbac.ServiceAccountRbac;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rendered roles grant exactly what the domain verb table says (helm-and-image.md §3.4), and every rule says why. */
class ChartRbacTest {

  /** Everything the roles of one kind bound to this service account grant. */
  static Set<Permission> granted(Rendered r, String roleKind, String bindingKind, String serviceAccount) {
    Set<Permission> out = new TreeSet<>();
    for (JsonNode binding : r.ofKind(bindingKind)) {
      boolean bound = false;
      for (JsonNode s : binding.path("subjects")) {
        bound |= "ServiceAccount".equals(s.path("kind").asText()) && serviceAccount.equals(s.path("name").asText())
            && ChartRenders.NAMESPACE.equals(s.path("namespace").asText());
      }
      if (!bound) {
        continue;
      }
      assertThat(binding.at("/roleRef/kind").asText()).isEqualTo(roleKind);
      JsonNode role = r.get(roleKind, binding.at("/roleRef/name").asText());
      out.addAll(permissions(role));
    }
    return out;
  }

  static Set<Permission> permissions(JsonNode role) {
    Set<Permission> out = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      List<String> names = new ArrayList<>();
      rule.path("resourceNames").forEach(n -> names.add(n.asText()));
      if (names.isEmpty()) {
        names.add("");
      }
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (String name : names) {
            for (JsonNode verb : rule.path("verbs")) {
              out.add(new Permission(group.asText(), resource.asText(), name, verb.asText()));
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void renderedRbacEqualsTheDomainVerbTable() {
    Rendered r = ChartRenders.render();
    for (ServiceAccountRbac sa : RbacTable.all()) {
      assertThat(r.find("ServiceAccount", sa.serviceAccount())).as(sa.serviceAccount()).isPresent();
      assertThat(granted(r, "ClusterRole", "ClusterRoleBinding", sa.serviceAccount())).as("cluster-wide rights of %s", sa.serviceAccount())
          .containsExactlyElementsOf(sa.clusterPermissions());
      assertThat(granted(r, "Role", "RoleBinding", sa.serviceAccount())).as("namespace rights of %s", sa.serviceAccount())
          .containsExactlyElementsOf(sa.namespacePermissions());
    }
  }

  @Test
  void noRoleIsUnboundAndNoRoleUsesWildcards() {
    Rendered r = ChartRenders.render();
    Set<String> tableAccounts = new TreeSet<>(RbacTable.all().stream().map(ServiceAccountRbac::serviceAccount).toList());
    assertThat(r.ofKind("ServiceAccount")).extracting(o -> o.at("/metadata/name").asText())
        .containsExactlyInAnyOrderElementsOf(tableAccounts);
    for (String[] pair : new String[][] {{"ClusterRole", "ClusterRoleBinding"}, {"Role", "RoleBinding"}}) {
      for (JsonNode role : r.ofKind(pair[0])) {
        String name = role.at("/metadata/name").asText();
        assertThat(r.ofKind(pair[1])).as("%s %s is bound", pair[0], name)
            .anyMatch(b -> b.at("/roleRef/name").asText().equals(name) && b.at("/roleRef/kind").asText().equals(pair[0]));
        assertThat(permissions(role)).as(name).noneMatch(p -> p.verb().equals("*") || p.resource().equals("*") || p.apiGroup().equals("*"));
      }
      for (JsonNode binding : r.ofKind(pair[1])) {
        binding.path("subjects").forEach(s -> assertThat(tableAccounts).contains(s.path("name").asText()));
      }
    }
  }

  @Test
  void withoutCsiTheCsiDriverHasNoRights() {
    Rendered r = ChartRenders.render("csidriver.enabled=false");
    assertThat(granted(r, "ClusterRole", "ClusterRoleBinding", "astromkey-csi-driver")).isEmpty();
    assertThat(granted(r, "Role", "RoleBinding", "astromkey-csi-driver")).isEmpty();
    assertThat(granted(r, "ClusterRole", "ClusterRoleBinding", "astromkey-operator")).isEqualTo(RbacTable.operator().clusterPermissions());
  }

  @Test
  void everyRuleInTheChartIsExplainedByAComment() throws IOException {
    List<Path> roleTemplates;
    try (Stream<Path> files = Files.walk(Helm.CHART_DIR.resolve("templates"))) {
      roleTemplates = files.filter(p -> p.getFileName().toString().matches("(cluster)?role\\.yaml")).sorted().toList();
    }
    assertThat(roleTemplates).hasSize(7);
    for (Path template : roleTemplates) {
      List<String> lines = Files.readAllLines(template);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).trim().startsWith("- apiGroups:")) {
          String previous = lines.get(i - 1).trim();
          assertThat(previous).as("%s:%d: the rule needs a comment saying why", template, i + 1).startsWith("#");
        }
      }
    }
  }
}
