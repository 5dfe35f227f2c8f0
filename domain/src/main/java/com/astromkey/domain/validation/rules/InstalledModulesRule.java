package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** AKV-002: a OneAgent mode or ActiveGate capabilities need the component installed by Helm ({@code AK_MODULES_JSON}). */
public final class InstalledModulesRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-002");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    ModulesConfig modules = context.view().modules();
    List<Problem> problems = new ArrayList<>();
    if (!modules.oneAgent()) {
      for (OneAgentMode mode : context.modes()) {
        problems.add(problem(mode.path(), ModulesConfig.ONE_AGENT));
      }
    }
    if (!modules.activeGate() && context.spec().activeGateEnabled()) {
      problems.add(problem("spec.activeGate.capabilities", ModulesConfig.ACTIVE_GATE));
    }
    return problems;
  }

  private static Problem problem(String path, String module) {
    return new Problem("AKV-002", path + " needs the operator component '" + module + "', which was disabled when the"
        + " operator was installed. Upgrade the Helm release with rbac." + module + ".create=true, or remove " + path + ".");
  }
}
