package com.astromkey.domain.validation;

import java.util.List;

/** One named rule (or a tightly related group) of api-dynakube-v1beta5.md §7; pure, no I/O beyond the {@link ClusterView}. */
public interface ValidationRule {
  /** The IDs this rule can report, in spec order. */
  List<String> ids();

  /** Rules that read DynaKubes, namespaces or secrets from the cluster; skipped when the view is offline. */
  default boolean needsCluster() {
    return false;
  }

  List<Problem> check(ValidationContext context);
}
