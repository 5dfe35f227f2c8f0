package com.astromkey.domain.codemodules;

import java.util.Locale;
import java.util.Optional;

/**
 * The code-modules flavors a pod may ask for with {@code oneagent.astromkey.com/flavor} and the bootstrap accepts as
 * {@code --flavor} (bootstrap.md §1); the value is the tenant API's {@code flavor} query parameter.
 */
public enum CodeModulesFlavor {
  DEFAULT("default"),
  MULTIDISTRO("multidistro");

  /** Both supported platforms (amd64, arm64) use the multidistro build. */
  public static final CodeModulesFlavor FALLBACK = MULTIDISTRO;

  private final String value;

  CodeModulesFlavor(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** Case and surrounding blanks are ignored; anything else than a listed value is empty. */
  public static Optional<CodeModulesFlavor> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (CodeModulesFlavor flavor : values()) {
      if (flavor.value.equals(wanted)) {
        return Optional.of(flavor);
      }
    }
    return Optional.empty();
  }

  /** For messages: {@code default, multidistro}. */
  public static String valueList() {
    StringBuilder list = new StringBuilder();
    for (CodeModulesFlavor flavor : values()) {
      list.append(list.length() == 0 ? "" : ", ").append(flavor.value);
    }
    return list.toString();
  }
}
