package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** AKV-032: a pinned {@code version} is a full agent version {@code major.minor.patch.yyyyMMdd-HHmmss}. */
public final class VersionFormatRule implements ValidationRule {
  private static final Pattern FULL_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d{8}-\\d{6}");

  @Override
  public List<String> ids() {
    return List.of("AKV-032");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    List<Problem> problems = new ArrayList<>();
    for (OneAgentMode mode : context.modes()) {
      String version = version(context, mode);
      if (ValidationContext.isSet(version) && !FULL_VERSION.matcher(version).matches()) {
        problems.add(new Problem("AKV-032", ValidationContext.field(mode, "version") + " '" + version + "' is not a full"
            + " agent version. Use major.minor.patch.yyyyMMdd-HHmmss, e.g. 1.301.0.20240915-120000."));
      }
    }
    return problems;
  }

  static String version(ValidationContext context, OneAgentMode mode) {
    HostInjectSpec host = context.hostSpec(mode);
    if (host != null) {
      return host.getVersion();
    }
    AppInjection app = context.appInjection(mode);
    return app == null ? null : app.getVersion();
  }
}
