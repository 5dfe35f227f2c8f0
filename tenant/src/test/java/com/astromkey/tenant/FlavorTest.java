package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every flavor the domain accepts has a tenant query value, and it is the domain's value. */
class FlavorTest {
  @ParameterizedTest
  @EnumSource(CodeModulesFlavor.class)
  void everyDomainFlavorIsATenantFlavor(CodeModulesFlavor flavor) {
    assertThat(Flavor.of(flavor).query()).isEqualTo(flavor.value());
  }
}
