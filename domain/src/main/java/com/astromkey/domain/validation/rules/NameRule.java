package com.astromkey.domain.validation.rules;

import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** AKV-020, AKV-021: {@code metadata.name} prefixes generated object names, so it is a short DNS-1035 label. */
public final class NameRule implements ValidationRule {
  public static final int MAX_LENGTH = 40;
  private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  @Override
  public List<String> ids() {
    return List.of("AKV-020", "AKV-021");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    String name = context.name() == null ? "" : context.name();
    List<Problem> problems = new ArrayList<>();
    if (name.length() > MAX_LENGTH) {
      problems.add(new Problem("AKV-020", "metadata.name '" + name + "' is " + name.length() + " characters long; at"
          + " most 40 are allowed because it prefixes generated object names. Choose a shorter name."));
    }
    if (!DNS_1035.matcher(name).matches()) {
      problems.add(new Problem("AKV-021", "metadata.name '" + name + "' must start with a lower-case letter and contain"
          + " only lower-case letters, digits and '-', ending with a letter or digit."));
    }
    return problems;
  }
}
