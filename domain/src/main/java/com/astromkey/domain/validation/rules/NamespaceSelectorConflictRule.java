package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.selector.LabelSelectors;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** AKV-071: an existing namespace is injected by one DynaKube only. */
public final class NamespaceSelectorConflictRule implements ValidationRule {
  static final int MAX_LISTED = 5;

  @Override
  public List<String> ids() {
    return List.of("AKV-071");
  }

  @Override
  public boolean needsCluster() {
    return true;
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      if (!mode.injectsCodeModules()) {
        continue;
      }
      LabelSelector selector = context.appInjection(mode).getNamespaceSelector();
      List<DynaKube> others = context.view().dynaKubes().stream()
          .filter(other -> !OneAgentPerNodeRule.isSelf(context, other))
          .sorted(Comparator.comparing(other -> other.getMetadata().getName()))
          .toList();
      for (DynaKube other : others) {
        Optional<LabelSelector> otherSelector = injectionSelector(other);
        if (otherSelector.isEmpty()) {
          continue;
        }
        FeatureFlags otherFlags = FeatureFlags.of(other);
        TreeSet<String> shared = new TreeSet<>();
        for (Namespace namespace : context.view().namespaces()) {
          String name = namespace.getMetadata().getName();
          if (selects(selector, context.flags(), namespace) && selects(otherSelector.get(), otherFlags, namespace)) {
            shared.add(name);
          }
        }
        if (!shared.isEmpty()) {
          problems.add(new Problem("AKV-071", ValidationContext.field(mode, "namespaceSelector") + " selects"
              + " namespace(s) " + listed(shared) + " that DynaKube '" + other.getMetadata().getName() + "' already"
              + " injects into. A namespace can belong to one DynaKube only: narrow one of the selectors."));
        }
      }
    }
    return problems;
  }

  private static boolean selects(LabelSelector selector, FeatureFlags flags, Namespace namespace) {
    String name = namespace.getMetadata().getName();
    return !flags.isIgnoredNamespace(name) && LabelSelectors.matches(selector, namespace.getMetadata().getLabels());
  }

  /** The namespace selector of another DynaKube when it injects; empty otherwise. A null selector selects all. */
  private static Optional<LabelSelector> injectionSelector(DynaKube other) {
    if (other.getSpec() == null || other.getSpec().getOneAgent() == null) {
      return Optional.empty();
    }
    for (OneAgentMode mode : other.getSpec().getOneAgent().configuredModes()) {
      AppInjection app = other.getSpec().getOneAgent().appInjection(mode);
      if (app != null) {
        return Optional.of(app.getNamespaceSelector() == null ? new LabelSelector() : app.getNamespaceSelector());
      }
    }
    return Optional.empty();
  }

  private static String listed(TreeSet<String> names) {
    List<String> first = names.stream().limit(MAX_LISTED).toList();
    String list = String.join(", ", first);
    return names.size() > MAX_LISTED ? list + " and " + (names.size() - MAX_LISTED) + " more" : list;
  }
}
