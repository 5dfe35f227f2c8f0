package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.spec.ValueSource;
import com.astromkey.domain.proxy.ProxyUrl;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * AKV-060, AKV-061: an inline {@code spec.proxy.value} is a proxy URL whose password the agents can use. The value of a
 * {@code valueFrom} Secret gets the same checks from {@link ProxySecretRule}, which can read it.
 */
public final class ProxyUrlRule implements ValidationRule {
  /** Characters the agents' proxy configuration cannot carry in a password. */
  public static final String FORBIDDEN_PASSWORD_CHARACTERS = " '`,&=+%\\";

  @Override
  public List<String> ids() {
    return List.of("AKV-060", "AKV-061");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    ValueSource proxy = context.spec().getProxy();
    if (proxy == null || !proxy.hasValue()) {
      return List.of();
    }
    return problems(proxy.getValue());
  }

  /** The AKV-060/AKV-061 problems of one proxy URL, wherever it was written. */
  static List<Problem> problems(String url) {
    List<Problem> problems = new ArrayList<>();
    try {
      ProxyUrl.parse(url);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem("AKV-060", "spec.proxy does not contain a valid proxy URL (" + e.getMessage() + ")."
          + " Expected http://[user:password@]host:port."));
    }
    String password = ProxyUrl.rawPassword(url).orElse("");
    if (password.chars().anyMatch(c -> FORBIDDEN_PASSWORD_CHARACTERS.indexOf(c) >= 0)) {
      problems.add(new Problem("AKV-061", "The password in spec.proxy contains a character the agents cannot use (space,"
          + " apostrophe, backtick, comma, &, =, +, %, backslash). Choose a password without these characters."));
    }
    return problems;
  }
}
