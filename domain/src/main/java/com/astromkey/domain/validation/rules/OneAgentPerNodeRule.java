package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** AKV-070: at most one OneAgent DaemonSet per node, judged by overlapping node selectors of DynaKubes in the namespace. */
public final class OneAgentPerNodeRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-070");
  }

  @Override
  public boolean needsCluster() {
    return true;
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      if (!mode.runsDaemonSet()) {
        continue;
      }
      Map<String, String> selector = selector(context.hostSpec(mode));
      TreeSet<String> covering = new TreeSet<>();
      for (DynaKube other : context.view().dynaKubes()) {
        if (!isSelf(context, other) && overlapsAny(selector, other)) {
          covering.add(other.getMetadata().getName());
        }
      }
      if (!covering.isEmpty()) {
        String names = covering.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
        problems.add(new Problem("AKV-070", mode.path() + " would place a second OneAgent on nodes already covered by"
            + " DynaKube(s) " + names + ". Only one OneAgent can run per node: give the DynaKubes non-overlapping"
            + " nodeSelectors."));
      }
    }
    return problems;
  }

  /** Either selector empty, or one's labels a subset of the other's. */
  public static boolean overlap(Map<String, String> a, Map<String, String> b) {
    return a.isEmpty() || b.isEmpty() || a.entrySet().containsAll(b.entrySet()) || b.entrySet().containsAll(a.entrySet());
  }

  private static boolean overlapsAny(Map<String, String> selector, DynaKube other) {
    if (other.getSpec() == null || other.getSpec().getOneAgent() == null) {
      return false;
    }
    OneAgentSpec oneAgent = other.getSpec().getOneAgent();
    for (OneAgentMode mode : oneAgent.configuredModes()) {
      if (mode.runsDaemonSet() && overlap(selector, selector(oneAgent.hostSpec(mode)))) {
        return true;
      }
    }
    return false;
  }

  static boolean isSelf(ValidationContext context, DynaKube other) {
    return other.getMetadata() != null && Objects.equals(other.getMetadata().getName(), context.name());
  }

  private static Map<String, String> selector(HostInjectSpec host) {
    return host == null || host.getNodeSelector() == null ? Map.of() : host.getNodeSelector();
  }
}
