package com.astromkey.domain.rbac;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One row of the verb table: verbs on resources of one API group (optionally only the named objects) and why they are needed. */
public record PolicyRule(String apiGroup, List<String> resources, List<String> resourceNames, List<String> verbs, String why) {
  public PolicyRule {
    resources = List.copyOf(resources);
    resourceNames = List.copyOf(resourceNames);
    verbs = List.copyOf(verbs);
    if (resources.isEmpty() || verbs.isEmpty()) {
      throw new IllegalArgumentException("a rule needs resources and verbs: " + resources + " " + verbs);
    }
    if (verbs.contains("*") || resources.contains("*")) {
      // least privilege: the table names every verb and resource it grants
      throw new IllegalArgumentException("wildcards are not allowed in the verb table");
    }
  }

  public static PolicyRule of(String apiGroup, List<String> resources, List<String> verbs, String why) {
    return new PolicyRule(apiGroup, resources, List.of(), verbs, why);
  }

  public static PolicyRule named(String apiGroup, List<String> resources, List<String> resourceNames, List<String> verbs, String why) {
    return new PolicyRule(apiGroup, resources, resourceNames, verbs, why);
  }

  /** Every single grant of this rule. */
  public Set<Permission> permissions() {
    Set<Permission> out = new TreeSet<>();
    List<String> names = resourceNames.isEmpty() ? List.of("") : resourceNames;
    for (String resource : resources) {
      for (String name : names) {
        for (String verb : verbs) {
          out.add(new Permission(apiGroup, resource, name, verb));
        }
      }
    }
    return out;
  }
}
