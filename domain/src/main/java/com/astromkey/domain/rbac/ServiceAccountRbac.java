package com.astromkey.domain.rbac;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one service account may do: rules granted cluster-wide (ClusterRole + ClusterRoleBinding) and rules granted only in
 * the operator namespace (Role + RoleBinding). The chart names each role and binding after the service account.
 */
public record ServiceAccountRbac(String serviceAccount, List<PolicyRule> clusterRules, List<PolicyRule> namespaceRules) {
  public ServiceAccountRbac {
    clusterRules = List.copyOf(clusterRules);
    namespaceRules = List.copyOf(namespaceRules);
  }

  public Set<Permission> clusterPermissions() {
    return expand(clusterRules);
  }

  public Set<Permission> namespacePermissions() {
    return expand(namespaceRules);
  }

  private static Set<Permission> expand(List<PolicyRule> rules) {
    Set<Permission> out = new TreeSet<>();
    rules.forEach(r -> out.addAll(r.permissions()));
    return out;
  }
}
