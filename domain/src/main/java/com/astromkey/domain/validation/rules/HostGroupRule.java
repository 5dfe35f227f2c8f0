package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKV-044: host group names, from {@code hostGroup} or {@code --set-host-group}, are plain text. */
public final class HostGroupRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-044");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    if (ControlCharacters.containsAny(context.oneAgent().getHostGroup())) {
      problems.add(problem("spec.oneAgent.hostGroup"));
    }
    for (OneAgentMode mode : context.modes()) {
      HostInjectSpec host = context.hostSpec(mode);
      List<String> args = host == null || host.getArgs() == null ? List.of() : host.getArgs();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg != null && OneAgentArgs.key(arg).equals(OneAgentArgs.SET_HOST_GROUP)
            && ControlCharacters.containsAny(OneAgentArgs.value(arg))) {
          problems.add(problem(ValidationContext.field(mode, "args") + "[" + i + "] (" + OneAgentArgs.SET_HOST_GROUP + ")"));
        }
      }
    }
    return problems;
  }

  private static Problem problem(String field) {
    return new Problem("AKV-044", field + " contains a control character. Host group names must be plain text.");
  }
}
