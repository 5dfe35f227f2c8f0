package com.astromkey.operator.troubleshoot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.feature.SignatureMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command line and environment of troubleshoot: defaults, both option forms, and what is a usage error. */
class TroubleshootConfigTest {

  @Test
  void defaultsToEveryDynaKubeOfTheAstromkeyNamespace() throws Exception {
    TroubleshootConfig config = TroubleshootConfig.parse(new String[0], Map.of());
    assertThat(config.namespace()).isEqualTo("astromkey");
    assertThat(config.dynaKube()).isNull();
    assertThat(config.operator().namespace()).isEqualTo("astromkey");
  }

  @Test
  void readsBothOptionFormsAndTheOperatorEnvironment() throws Exception {
    TroubleshootConfig config = TroubleshootConfig.parse(new String[] {"--dynakube=dk", "--namespace", "monitoring"},
        Map.of("AK_OPERATOR_PULL_SECRET", "helm-pull", "AK_SIGNATURE_MODE", "enforce", "POD_NAMESPACE", "other"));
    assertThat(config.dynaKube()).isEqualTo("dk");
    assertThat(config.namespace()).isEqualTo("monitoring");
    assertThat(config.operator().namespace()).isEqualTo("monitoring");
    assertThat(config.operator().helmPullSecret()).isEqualTo("helm-pull");
    assertThat(config.operator().signatureMode()).isEqualTo(SignatureMode.ENFORCE);
  }

  @Test
  void rejectsUnknownRepeatedEmptyAndBrokenInput() {
    assertThatThrownBy(() -> TroubleshootConfig.parse(new String[] {"dk"}, Map.of()))
        .hasMessage("unexpected argument 'dk'");
    assertThatThrownBy(() -> TroubleshootConfig.parse(new String[] {"--dynakube", "a", "--dynakube", "b"}, Map.of()))
        .hasMessage("--dynakube may be given only once");
    assertThatThrownBy(() -> TroubleshootConfig.parse(new String[] {"--namespace="}, Map.of()))
        .hasMessage("--namespace needs a value");
    assertThatThrownBy(() -> TroubleshootConfig.parse(new String[0], Map.of("AK_SIGNATURE_MODE", "sometimes")))
        .hasMessageContaining("AK_SIGNATURE_MODE must be off, warn or enforce");
  }
}
