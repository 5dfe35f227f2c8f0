package com.astromkey.domain.validation;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.validation.rules.ActiveGateMemoryLimitRule;
import com.astromkey.domain.validation.rules.ApiUrlRule;
import com.astromkey.domain.validation.rules.AutoUpdateRule;
import com.astromkey.domain.validation.rules.CapabilitiesRule;
import com.astromkey.domain.validation.rules.CodeModulesPullSecretRule;
import com.astromkey.domain.validation.rules.CustomPullSecretRule;
import com.astromkey.domain.validation.rules.FeatureFlagsRule;
import com.astromkey.domain.validation.rules.HostGroupRule;
import com.astromkey.domain.validation.rules.IgnoredVersionRule;
import com.astromkey.domain.validation.rules.ImageReferenceRule;
import com.astromkey.domain.validation.rules.InitContainerImageRule;
import com.astromkey.domain.validation.rules.InstalledModulesRule;
import com.astromkey.domain.validation.rules.InstallerEnvRule;
import com.astromkey.domain.validation.rules.LaterFeaturesRule;
import com.astromkey.domain.validation.rules.ModeAliasRule;
import com.astromkey.domain.validation.rules.NameRule;
import com.astromkey.domain.validation.rules.NamespaceSelectorConflictRule;
import com.astromkey.domain.validation.rules.NamespaceSelectorRule;
import com.astromkey.domain.validation.rules.NetworkZoneRule;
import com.astromkey.domain.validation.rules.NoProxyFlagRule;
import com.astromkey.domain.validation.rules.NodeImagePullRule;
import com.astromkey.domain.validation.rules.OneAgentArgsRule;
import com.astromkey.domain.validation.rules.OneAgentPerNodeRule;
import com.astromkey.domain.validation.rules.PaasTokenRule;
import com.astromkey.domain.validation.rules.ProxySecretRule;
import com.astromkey.domain.validation.rules.ProxyUrlRule;
import com.astromkey.domain.validation.rules.SingleModeRule;
import com.astromkey.domain.validation.rules.SkipCertCheckRule;
import com.astromkey.domain.validation.rules.TenantChangeRule;
import com.astromkey.domain.validation.rules.VersionFormatRule;
import com.astromkey.domain.validation.rules.VolumeStorageEnvRule;
import java.util.ArrayList;
import java.util.List;

/** Runs every rule of api-dynakube-v1beta5.md §7 on a DynaKube; shared by the webhook, the operator and {@code validate}. */
public final class DynaKubeValidator {
  public static final String RULE_FAILURE_ID = "AKW-000";

  private final List<ValidationRule> rules;

  public DynaKubeValidator() {
    this(List.of(
        new SingleModeRule(),
        new InstalledModulesRule(),
        new ModeAliasRule(),
        new ApiUrlRule(),
        new TenantChangeRule(),
        new NameRule(),
        new ImageReferenceRule(),
        new VersionFormatRule(),
        new OneAgentArgsRule(),
        new HostGroupRule(),
        new NetworkZoneRule(),
        new NoProxyFlagRule(),
        new CapabilitiesRule(),
        new ProxyUrlRule(),
        new ProxySecretRule(),
        new OneAgentPerNodeRule(),
        new NamespaceSelectorConflictRule(),
        new NamespaceSelectorRule(),
        new NodeImagePullRule(),
        new VolumeStorageEnvRule(),
        new IgnoredVersionRule(),
        new CodeModulesPullSecretRule(),
        new ActiveGateMemoryLimitRule(),
        new AutoUpdateRule(),
        new FeatureFlagsRule(),
        new InstallerEnvRule(),
        new LaterFeaturesRule(),
        new SkipCertCheckRule(),
        new InitContainerImageRule(),
        new CustomPullSecretRule(),
        new PaasTokenRule()));
  }

  /** For tests that need a subset or a failing rule. */
  public DynaKubeValidator(List<ValidationRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<ValidationRule> rules() {
    return rules;
  }

  public ValidationResult validate(DynaKube dk, DynaKube oldDk, ClusterView view) {
    ValidationContext context = new ValidationContext(dk, oldDk, view);
    List<Problem> problems = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<ValidationResult.RuleFailure> failures = new ArrayList<>();
    for (ValidationRule rule : rules) {
      if (rule.needsCluster() && view.offline()) {
        skipped.addAll(rule.ids());
        continue;
      }
      try {
        problems.addAll(rule.check(context));
      } catch (RuntimeException e) {
        // All rules run every time: one broken rule must not hide the others' findings (webhook.md §6).
        String ruleId = String.join("/", rule.ids());
        failures.add(new ValidationResult.RuleFailure(ruleId, e));
        problems.add(new Problem(RULE_FAILURE_ID, "Validation rule " + ruleId + " could not run: " + reason(e)));
      }
    }
    skipped.sort(null);
    return new ValidationResult(problems, skipped, failures);
  }

  private static String reason(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
