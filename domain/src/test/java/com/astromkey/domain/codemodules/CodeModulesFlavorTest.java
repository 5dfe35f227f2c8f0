package com.astromkey.domain.codemodules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The flavors a pod annotation and the bootstrap's --flavor accept (bootstrap.md §1). */
class CodeModulesFlavorTest {
  @ParameterizedTest
  @CsvSource({"default, DEFAULT", "multidistro, MULTIDISTRO", "' MultiDistro ', MULTIDISTRO", "DEFAULT, DEFAULT"})
  void parsesTheListedValuesIgnoringCaseAndBlanks(String text, CodeModulesFlavor expected) {
    assertThat(CodeModulesFlavor.parse(text)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "musl", "multi-distro", "default,multidistro"})
  void rejectsAnythingElse(String text) {
    assertThat(CodeModulesFlavor.parse(text)).isEmpty();
  }

  @Test
  void nullIsNoFlavor() {
    assertThat(CodeModulesFlavor.parse(null)).isEmpty();
  }

  @Test
  void valuesAreTheTenantQueryValues() {
    assertThat(CodeModulesFlavor.valueList()).isEqualTo("default, multidistro");
    assertThat(CodeModulesFlavor.FALLBACK.value()).isEqualTo("multidistro");
  }
}
