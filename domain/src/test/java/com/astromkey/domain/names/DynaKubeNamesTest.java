package com.astromkey.domain.names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DynaKubeNamesTest {
  @Test
  void acceptsShortDns1035Labels() {
    assertThat(DynaKubeNames.isValid("dynakube")).isTrue();
    assertThat(DynaKubeNames.isValid("a-1")).isTrue();
    assertThat(DynaKubeNames.isValid("a".repeat(40))).isTrue();
  }

  @Test
  void rejectsLongOrMalformedNames() {
    assertThat(DynaKubeNames.isValid("a".repeat(41))).isFalse();
    assertThat(DynaKubeNames.isDns1035Label("a".repeat(41))).isTrue();
    assertThat(DynaKubeNames.isValid("1abc")).isFalse();
    assertThat(DynaKubeNames.isValid("abc-")).isFalse();
    assertThat(DynaKubeNames.isValid("Abc")).isFalse();
    assertThat(DynaKubeNames.isValid("a.b")).isFalse();
    assertThat(DynaKubeNames.isValid("")).isFalse();
    assertThat(DynaKubeNames.isValid(null)).isFalse();
  }
}
