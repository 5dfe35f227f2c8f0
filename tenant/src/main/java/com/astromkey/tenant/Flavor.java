package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;

/** Installer flavor query value of the code-modules endpoints; the valid values are domain {@link CodeModulesFlavor}'s. */
public enum Flavor {
  DEFAULT(CodeModulesFlavor.DEFAULT),
  MULTIDISTRO(CodeModulesFlavor.MULTIDISTRO);

  private final CodeModulesFlavor flavor;

  Flavor(CodeModulesFlavor flavor) {
    this.flavor = flavor;
  }

  public String query() {
    return flavor.value();
  }

  public static Flavor of(CodeModulesFlavor flavor) {
    for (Flavor candidate : values()) {
      if (candidate.flavor == flavor) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("no tenant flavor for " + flavor);
  }
}
