package com.astromkey.domain.rbac;

import java.util.Comparator;

/**
 * The smallest RBAC grant: one verb on one resource of one API group, optionally limited to one object name ({@code ""} = any).
 * Rules are compared as sets of these, so two tables that group verbs differently but grant the same are equal.
 */
public record Permission(String apiGroup, String resource, String resourceName, String verb) implements Comparable<Permission> {
  private static final Comparator<Permission> ORDER = Comparator.comparing(Permission::apiGroup)
      .thenComparing(Permission::resource).thenComparing(Permission::resourceName).thenComparing(Permission::verb);

  @Override
  public int compareTo(Permission other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    String group = apiGroup.isEmpty() ? "core" : apiGroup;
    return group + "/" + resource + (resourceName.isEmpty() ? "" : "[" + resourceName + "]") + ":" + verb;
  }
}
