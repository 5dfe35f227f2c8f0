package com.astromkey.operator.injection;

import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.selector.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Decides which namespaces a DynaKube labels, unlabels, or cannot take because another DynaKube holds them (operator.md §7). */
public final class NamespaceMembership {
  public static final int MAX_CONFLICTS_LISTED = 5;

  /**
   * @param monitored namespaces labelled for this DynaKube after the plan is applied, sorted
   * @param toLabel namespaces that need the instance label
   * @param toUnlabel namespaces labelled for this DynaKube that no longer match
   * @param conflicts matching namespaces labelled for another DynaKube, sorted
   */
  public record Plan(List<String> monitored, List<String> toLabel, List<String> toUnlabel, List<String> conflicts) {}

  private NamespaceMembership() {}

  public static Plan plan(String dkName, LabelSelector selector, FeatureFlags flags, List<Namespace> namespaces) {
    List<String> monitored = new ArrayList<>();
    List<String> toLabel = new ArrayList<>();
    List<String> toUnlabel = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (Namespace namespace : namespaces) {
      String name = namespace.getMetadata().getName();
      Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels();
      String owner = labels.get(Labels.DYNAKUBE_INSTANCE);
      boolean matches = !flags.isIgnoredNamespace(name) && LabelSelectors.matches(selector, labels);
      if (matches && owner != null && !owner.equals(dkName)) {
        conflicts.add(name);
      } else if (matches) {
        monitored.add(name);
        if (owner == null) {
          toLabel.add(name);
        }
      } else if (dkName.equals(owner)) {
        toUnlabel.add(name);
      }
    }
    monitored.sort(null);
    conflicts.sort(null);
    return new Plan(monitored, toLabel, toUnlabel, conflicts);
  }
}
