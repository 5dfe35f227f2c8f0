package com.astromkey.domain.validation.rules;

import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;

/** AKW-013: {@code skipCertCheck} turns off TLS verification for the tenant and every registry. */
public final class SkipCertCheckRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKW-013");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    if (!context.spec().skipsCertCheck()) {
      return List.of();
    }
    return List.of(new Problem("AKW-013", "spec.skipCertCheck disables TLS verification for the tenant and all"
        + " registries. Prefer spec.trustedCAs with your CA certificate."));
  }
}
