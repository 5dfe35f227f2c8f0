package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.ApiUrl;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** AKV-010, AKV-011, AKV-012: {@code spec.apiUrl} is a filled-in tenant API address, not a UI host. */
public final class ApiUrlRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-010", "AKV-011", "AKV-012");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    String value = context.spec().getApiUrl();
    boolean placeholder = ApiUrl.firstHostLabel(value).map(ApiUrl.PLACEHOLDER::equalsIgnoreCase).orElse(false);
    if (value == null || value.isBlank() || placeholder) {
      return List.of(new Problem("AKV-010", "spec.apiUrl is empty or still contains the placeholder ENVIRONMENTID."
          + " Set it to your tenant API address, e.g. https://abc12345.live.astromkey.com/api."));
    }
    List<Problem> problems = new ArrayList<>();
    try {
      ApiUrl.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem("AKV-011", "spec.apiUrl '" + value + "' is not a tenant API address (" + e.getMessage()
          + "). Use https://<host>/api or https://<host>/e/<environment-id>/api."));
    }
    String host = hostOf(value);
    if (host.toLowerCase(Locale.ROOT).contains(".apps.")) {
      problems.add(new Problem("AKV-012", "spec.apiUrl '" + value + "' points at the apps UI host. Use the tenant's API"
          + " host (without '.apps.') followed by /api."));
    }
    return problems;
  }

  private static String hostOf(String value) {
    int start = value.indexOf("://");
    String rest = start < 0 ? value : value.substring(start + 3);
    int end = 0;
    while (end < rest.length() && ":/?#".indexOf(rest.charAt(end)) < 0) {
      end++;
    }
    return rest.substring(0, end);
  }
}
