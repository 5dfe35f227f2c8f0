package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.ValueSource;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;

/** AKV-062: {@code spec.proxy.valueFrom} names an existing Secret with the key {@code proxy}. */
public final class ProxySecretRule implements ValidationRule {
  @Override
  public List<String> ids() {
    return List.of("AKV-062");
  }

  @Override
  public boolean needsCluster() {
    return true;
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    ValueSource proxy = context.spec().getProxy();
    // An inline value wins over valueFrom, so the Secret is not read then.
    if (proxy == null || proxy.hasValue() || !proxy.hasValueFrom()) {
      return List.of();
    }
    boolean usable = context.view().secret(proxy.getValueFrom())
        .map(secret -> SecretData.hasKey(secret, SecretKeys.PROXY))
        .orElse(false);
    if (usable) {
      return List.of();
    }
    return List.of(new Problem("AKV-062", "spec.proxy.valueFrom refers to secret '" + proxy.getValueFrom()
        + "' in namespace '" + context.namespace() + "', which does not exist or has no key 'proxy'. Create it or"
        + " correct the name."));
  }
}
