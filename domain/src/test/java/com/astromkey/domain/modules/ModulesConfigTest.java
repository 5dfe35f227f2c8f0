package com.astromkey.domain.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ModulesConfigTest {
  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "{}"})
  void missingValuesMeanEverythingIsInstalled(String json) {
    assertThat(ModulesConfig.parse(json)).isEqualTo(ModulesConfig.allInstalled());
  }

  @Test
  void readsTheHelmExport() {
    ModulesConfig modules = ModulesConfig.parse(
        "{\"csiDriver\": false, \"oneAgent\": true, \"activeGate\": \"false\", \"webhook\": true, \"future\": 1}");

    assertThat(modules).isEqualTo(new ModulesConfig(false, true, false, true));
    assertThat(modules.installed(ModulesConfig.CSI_DRIVER)).isFalse();
    assertThat(modules.installed(ModulesConfig.ONE_AGENT)).isTrue();
    assertThat(ModulesConfig.parse(modules.toJson())).isEqualTo(modules);
  }

  @Test
  void rejectsInvalidJsonWithAClearMessage() {
    assertThatThrownBy(() -> ModulesConfig.parse("{csiDriver: true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AK_MODULES_JSON is not valid JSON (")
        .hasMessageEndingWith("): {csiDriver: true");
    assertThatThrownBy(() -> ModulesConfig.parse("[true]"))
        .hasMessageStartingWith("AK_MODULES_JSON must be a JSON object");
    assertThatThrownBy(() -> ModulesConfig.parse("{\"oneAgent\": \"yes\"}"))
        .hasMessage("AK_MODULES_JSON.oneAgent must be true or false, not \"yes\"");
  }
}
