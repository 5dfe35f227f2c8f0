package com.astromkey.operator.pullsecret;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The secret list of operator.md §5.2: the keychain precedence and the workloads' {@code imagePullSecrets} order. */
public final class WorkloadPullSecrets {
  private WorkloadPullSecrets() {}

  /** {@code spec.customPullSecret}, {@code AK_OPERATOR_PULL_SECRET}, {@code <dk>-pull-secret}; deduplicated, empty ones omitted. */
  public static List<String> names(DynaKube dk, String helmPullSecret) {
    Set<String> names = new LinkedHashSet<>();
    add(names, dk.getSpec().getCustomPullSecret());
    add(names, helmPullSecret);
    add(names, ObjectNames.pullSecretName(dk));
    return new ArrayList<>(names);
  }

  public static List<LocalObjectReference> references(DynaKube dk, String helmPullSecret) {
    return names(dk, helmPullSecret).stream().map(LocalObjectReference::new).toList();
  }

  private static void add(Set<String> names, String name) {
    if (name != null && !name.isBlank()) {
      names.add(name.trim());
    }
  }
}
