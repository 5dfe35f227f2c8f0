package com.astromkey.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.feature.SignatureMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Environment parsing of operator.md §1: defaults, clamps, bounds and failures. */
class OperatorConfigTest {
  @Test
  void defaultsOfSection1() {
    OperatorConfig config = OperatorConfig.fromEnv(Map.of("POD_NAMESPACE", "astromkey"), new ArrayList<>());

    assertThat(config.namespace()).isEqualTo("astromkey");
    assertThat(config.helmPullSecret()).isEmpty();
    assertThat(config.defaultRequeueAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.webhookCerts()).isEqualTo(OperatorConfig.WebhookCertDurations.DEFAULTS);
    assertThat(config.signatureMode()).isEqualTo(SignatureMode.OFF);
    assertThat(config.signatureKeysConfigMap()).isEqualTo("astromkey-signature-keys");
    assertThat(config.modules().csiDriver()).isTrue();
    assertThat(config.healthPort()).isEqualTo(10080);
    assertThat(config.metricsPort()).isEqualTo(8080);
  }

  @ParameterizedTest
  @CsvSource({"30s, 1m", "15m, 15m", "2h, 1h", "1h, 1h"})
  void requeueIsClampedToOneMinuteToOneHour(String value, String expected) {
    OperatorConfig config = OperatorConfig.fromEnv(
        Map.of("POD_NAMESPACE", "ns", "AK_DEFAULT_REQUEUE_AFTER", value), new ArrayList<>());

    assertThat(config.defaultRequeueAfter()).isEqualTo(com.astromkey.domain.duration.Durations.parse(expected));
  }

  @Test
  void invalidCertificateDurationsFallBackToTheDefaultsWithAWarning() {
    List<String> warnings = new ArrayList<>();
    OperatorConfig config = OperatorConfig.fromEnv(Map.of("POD_NAMESPACE", "ns",
        "AK_WEBHOOK_CERTS_SERVER_DURATION", "1h"), warnings);

    assertThat(config.webhookCerts()).isEqualTo(OperatorConfig.WebhookCertDurations.DEFAULTS);
    assertThat(warnings).singleElement().asString().contains("server duration 1h is outside 24h–8760h");
  }

  @Test
  void devModeLiftsLowerBoundsAndScalesTimings() {
    Map<String, String> env = new HashMap<>(Map.of("POD_NAMESPACE", "ns", "AK_DEV_MODE", "true", "AK_DEV_TIME_SCALE", "0.01",
        "AK_WEBHOOK_CERTS_ROOT_DURATION", "4h", "AK_WEBHOOK_CERTS_SERVER_DURATION", "2h",
        "AK_WEBHOOK_CERTS_RENEWAL_THRESHOLD", "1h", "AK_WEBHOOK_CERTS_REQUEUE_AFTER", "1m"));
    List<String> warnings = new ArrayList<>();

    OperatorConfig config = OperatorConfig.fromEnv(env, warnings);

    assertThat(warnings).isEmpty();
    assertThat(config.webhookCerts().server()).isEqualTo(Duration.ofHours(2));
    assertThat(config.scaled(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(9));
  }

  @ParameterizedTest
  @CsvSource(value = {
      "POD_NAMESPACE|''|POD_NAMESPACE is not set",
      "AK_SIGNATURE_MODE|strict|AK_SIGNATURE_MODE must be off, warn or enforce",
      "AK_CLIENT_READ_TIMEOUT|soon|AK_CLIENT_READ_TIMEOUT",
      "AK_MODULES_JSON|[1]|AK_MODULES_JSON must be a JSON object"}, delimiter = '|')
  void unusableValuesFailWithTheVariableName(String key, String value, String message) {
    Map<String, String> env = new HashMap<>(Map.of("POD_NAMESPACE", "ns"));
    env.put(key, value);

    assertThatThrownBy(() -> OperatorConfig.fromEnv(env, new ArrayList<>()))
        .isInstanceOf(OperatorConfig.InvalidConfigException.class).hasMessageContaining(message);
  }

  @Test
  void loggedFormNamesSecretsButHoldsNoSecretValues() {
    OperatorConfig config = OperatorConfig.fromEnv(Map.of("POD_NAMESPACE", "ns", "AK_OPERATOR_PULL_SECRET", "helm-secret"),
        new ArrayList<>());

    assertThat(config.toString()).contains("helmPullSecret=helm-secret").doesNotContain("Token");
  }
}
