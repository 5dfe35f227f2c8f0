package com.astromkey.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.feature.SignatureMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link WebhookConfig#from}: defaults, overrides, and every problem reported at once. */
class WebhookConfigTest {
  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("POD_NAMESPACE", "astromkey");
    env.put("AK_OPERATOR_IMAGE", "registry.my-company.com/astromkey/astromkey-operator:1.0.0");
    return env;
  }

  @Test
  void defaultsFollowTheSpec() {
    WebhookConfig config = WebhookConfig.from(new String[0], required());

    assertThat(config.certsDir()).isEqualTo(Path.of("/var/run/astromkey/webhook-certs"));
    assertThat(config.webhookPort()).isEqualTo(8443);
    assertThat(config.healthPort()).isEqualTo(10080);
    assertThat(config.metricsPort()).isEqualTo(8383);
    assertThat(config.timeoutSeconds()).isEqualTo(10);
    assertThat(config.admissionDeadline()).isEqualTo(Duration.ofSeconds(8));
    assertThat(config.operatorImagePullPolicy()).isNull();
    assertThat(config.operatorPullSecret()).isEmpty();
    assertThat(config.modules().csiDriver()).isTrue();
    assertThat(config.signatureMode()).isEqualTo(SignatureMode.OFF);
    assertThat(config.workerThreads()).isEqualTo(32);
  }

  @Test
  void argumentsAndEnvironmentOverride() {
    Map<String, String> env = required();
    env.put("AK_WEBHOOK_PORT", "9443");
    env.put("AK_HEALTH_PORT", "0");
    env.put("AK_METRICS_PORT", "0");
    env.put("AK_WEBHOOK_TIMEOUT_SECONDS", "3");
    env.put("AK_OPERATOR_IMAGE_PULL_POLICY", "Always");
    env.put("AK_OPERATOR_PULL_SECRET", "helm-secret");
    env.put("AK_MODULES_JSON", "{\"csiDriver\":false}");
    env.put("AK_OPERATOR_VERSION", "1.0.0");
    env.put("AK_SIGNATURE_MODE", "enforce");

    WebhookConfig config = WebhookConfig.from(new String[] {"--certs-dir=/tmp/certs"}, env);

    assertThat(config.certsDir()).isEqualTo(Path.of("/tmp/certs"));
    assertThat(config.webhookPort()).isEqualTo(9443);
    assertThat(config.healthPort()).isZero();
    assertThat(config.admissionDeadline()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.operatorImagePullPolicy()).isEqualTo("Always");
    assertThat(config.operatorPullSecret()).isEqualTo("helm-secret");
    assertThat(config.modules().csiDriver()).isFalse();
    assertThat(config.operatorVersion()).isEqualTo("1.0.0");
    assertThat(config.signatureMode()).isEqualTo(SignatureMode.ENFORCE);
    assertThat(WebhookConfig.from(new String[] {"--certs-dir", "/x"}, env).certsDir()).isEqualTo(Path.of("/x"));
  }

  @Test
  void reportsEveryProblemTogether() {
    Map<String, String> env = new HashMap<>();
    env.put("AK_WEBHOOK_PORT", "https");
    env.put("AK_WEBHOOK_TIMEOUT_SECONDS", "60");
    env.put("AK_OPERATOR_IMAGE_PULL_POLICY", "Sometimes");
    env.put("AK_MODULES_JSON", "{");
    env.put("AK_SIGNATURE_MODE", "strict");

    assertThatThrownBy(() -> WebhookConfig.from(new String[] {"--port=1"}, env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("unknown argument '--port=1'", "AK_WEBHOOK_PORT", "AK_WEBHOOK_TIMEOUT_SECONDS",
            "POD_NAMESPACE", "AK_OPERATOR_IMAGE is not set", "AK_OPERATOR_IMAGE_PULL_POLICY", "AK_MODULES_JSON",
            "AK_SIGNATURE_MODE");
  }

  @Test
  void describeNamesThePullSecretButHoldsNoCredential() {
    Map<String, String> env = required();
    env.put("AK_OPERATOR_PULL_SECRET", "helm-secret");

    Map<String, Object> described = WebhookConfig.from(new String[0], env).describe();

    assertThat(described).containsEntry("operatorPullSecret", "helm-secret").containsKeys("certsDir", "webhookPort",
        "operatorImage", "modules");
  }
}
