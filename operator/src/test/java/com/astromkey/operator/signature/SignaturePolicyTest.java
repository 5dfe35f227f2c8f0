package com.astromkey.operator.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.dynakube.spec.ApplicationMonitoringSpec;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.feature.SignatureMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturePolicyTest {
  private static final String FLAG = FeatureFlag.SIGNATURE_VERIFICATION.key();

  @Test
  void theFlagOverridesHelmInBothDirections() {
    assertThat(SignaturePolicy.effective(flags(Map.of(FLAG, "enforce")), SignatureMode.OFF)).isEqualTo(SignatureMode.ENFORCE);
    assertThat(SignaturePolicy.effective(flags(Map.of(FLAG, "off")), SignatureMode.ENFORCE)).isEqualTo(SignatureMode.OFF);
    assertThat(SignaturePolicy.effective(flags(Map.of(FLAG, "Warn")), SignatureMode.ENFORCE)).isEqualTo(SignatureMode.WARN);
  }

  @Test
  void anUnsetOrUnreadableFlagLeavesHelmInCharge() {
    assertThat(SignaturePolicy.effective(flags(Map.of()), SignatureMode.WARN)).isEqualTo(SignatureMode.WARN);
    assertThat(SignaturePolicy.effective(flags(Map.of(FLAG, "strict")), SignatureMode.ENFORCE))
        .isEqualTo(SignatureMode.ENFORCE);
    assertThat(SignaturePolicy.effective(flags(Map.of()), null)).isEqualTo(SignatureMode.OFF);
  }

  @Test
  void onlyACustomCodeModulesImageUnderWarnOrEnforceIsChecked() {
    ApplicationMonitoringSpec image = new ApplicationMonitoringSpec();
    image.setCodeModulesImage("registry.example.com/astromkey/codemodules:1.0");
    ApplicationMonitoringSpec zip = new ApplicationMonitoringSpec();

    assertThat(SignaturePolicy.applies(SignatureMode.WARN, image)).isTrue();
    assertThat(SignaturePolicy.applies(SignatureMode.ENFORCE, image)).isTrue();
    assertThat(SignaturePolicy.applies(SignatureMode.OFF, image)).isFalse();
    assertThat(SignaturePolicy.applies(SignatureMode.ENFORCE, zip)).isFalse();
  }

  private static FeatureFlags flags(Map<String, String> annotations) {
    return FeatureFlags.of(annotations, "astromkey");
  }
}
