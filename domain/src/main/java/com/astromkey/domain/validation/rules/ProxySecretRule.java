package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.ValueSource;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.List;
import java.util.Optional;

/**
 * AKV-062: {@code spec.proxy.valueFrom} names an existing Secret with the key {@code proxy}; that value then gets the URL and
 * password checks of an inline value (AKV-060, AKV-061).
 */
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
    Optional<String> url = context.view().secret(proxy.getValueFrom())
        .filter(secret -> SecretData.hasKey(secret, SecretKeys.PROXY))
        .flatMap(secret -> SecretData.text(secret, SecretKeys.PROXY));
    if (url.isPresent()) {
      return ProxyUrlRule.problems(url.get());
    }
    return List.of(new Problem("AKV-062", "spec.proxy.valueFrom refers to secret '" + proxy.getValueFrom()
        + "' in namespace '" + context.namespace() + "', which does not exist or has no key 'proxy'. Create it or"
        + " correct the name."));
  }
}
