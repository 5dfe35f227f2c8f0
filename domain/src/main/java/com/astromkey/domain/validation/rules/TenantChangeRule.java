package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.ApiUrl;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;
import java.util.Optional;

/** AKV-013: an UPDATE may not move a DynaKube to another tenant; a port or scheme change of the same tenant is fine. */
public final class TenantChangeRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-013");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    DynaKube oldDk = context.oldDk();
    if (oldDk == null || oldDk.getSpec() == null) {
      return List.of();
    }
    Optional<String> oldTenant = tenantId(oldDk.getSpec().getApiUrl());
    Optional<String> newTenant = tenantId(context.spec().getApiUrl());
    // An unparsable URL is reported by AKV-010/011; comparing it would only add noise.
    if (oldTenant.isEmpty() || newTenant.isEmpty() || oldTenant.get().equalsIgnoreCase(newTenant.get())) {
      return List.of();
    }
    return List.of(new Problem("AKV-013", "spec.apiUrl may not move this DynaKube to another tenant ('" + oldTenant.get()
        + "' → '" + newTenant.get() + "'). Delete the DynaKube and create a new one for the other tenant."));
  }

  private static Optional<String> tenantId(String apiUrl) {
    try {
      return Optional.of(ApiUrl.parse(apiUrl).tenantId());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
