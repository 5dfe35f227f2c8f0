package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.selector.LabelSelectors;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKV-072: the {@code namespaceSelector} is a valid label selector. */
public final class NamespaceSelectorRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-072");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      if (!mode.injectsCodeModules()) {
        continue;
      }
      List<String> details = LabelSelectors.problems(context.appInjection(mode).getNamespaceSelector());
      if (!details.isEmpty()) {
        problems.add(new Problem("AKV-072", ValidationContext.field(mode, "namespaceSelector") + " is not a valid label"
            + " selector: " + String.join("; ", details) + "."));
      }
    }
    return problems;
  }
}
