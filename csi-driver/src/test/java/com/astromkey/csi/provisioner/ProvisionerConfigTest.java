package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.Platform;
import com.astromkey.oci.transport.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** csi-provisioner configuration from arguments and environment, defaults and errors naming the key. */
class ProvisionerConfigTest {
  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("POD_NAMESPACE", "astromkey", "AK_NODE_NAME", "node-a"));
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return env;
  }

  @Test
  void defaultsOfTheSpec() {
    ProvisionerConfig c = ProvisionerConfig.from(new String[0], env());
    assertThat(c.namespace()).isEqualTo("astromkey");
    assertThat(c.nodeName()).isEqualTo("node-a");
    assertThat(c.dataDir()).isEqualTo(Path.of("/data"));
    assertThat(c.healthPort()).isEqualTo(10090);
    assertThat(c.metricsPort()).isEqualTo(8090);
    assertThat(c.operatorPullSecret()).isEmpty();
    assertThat(c.modules().csiDriver()).isTrue();
    assertThat(c.cleanupPeriod()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.cacheBudgetBytes()).isZero();
    assertThat(c.digestRecheckPeriod()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.maxParallelInstalls()).isEqualTo(2);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.platformOverride()).isEmpty();
    assertThat(c.hostDataDir()).isEqualTo(Path.of("/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/data"));
  }

  @Test
  void everySettingFromArgsAndEnvironment() {
    ProvisionerConfig c = ProvisionerConfig.from(new String[] {"--health-port=1234", "--metrics-port", "2345", "--kubelet-dir=/k"}, env(
        "AK_CSI_DATA_DIR", "/tmp/data", "AK_OPERATOR_PULL_SECRET", "helm-secret", "AK_MODULES_JSON", "{\"csiDriver\":false}",
        "AK_CSI_CLEANUP_PERIOD", "1m", "AK_CSI_CACHE_BUDGET", "10Gi", "AK_CSI_DIGEST_RECHECK_PERIOD", "1s",
        "AK_CSI_MAX_PARALLEL_INSTALLS", "4", "AK_CLIENT_CONNECT_TIMEOUT", "5s", "AK_CLIENT_READ_TIMEOUT", "1h",
        "AK_PLATFORM", "linux/arm64", "AK_HELM_JSON", "{\"job\":{\"priorityClassName\":\"p\"}}"));
    assertThat(c.healthPort()).isEqualTo(1234);
    assertThat(c.metricsPort()).isEqualTo(2345);
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/data"));
    assertThat(c.operatorPullSecret()).contains("helm-secret");
    assertThat(c.modules().csiDriver()).isFalse();
    assertThat(c.cleanupPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.cacheBudgetBytes()).isEqualTo(10L << 30);
    assertThat(c.digestRecheckPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.maxParallelInstalls()).isEqualTo(4);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(c.platformOverride()).contains(Platform.LINUX_ARM64);
    assertThat(c.jobSettings().priorityClassName()).isEqualTo("p");
    assertThat(c.hostDataDir()).isEqualTo(Path.of("/k/plugins/csi.oneagent.astromkey.com/data"));
    assertThat(c.toString()).contains("operator-pull-secret=helm-secret", "cache-budget=10737418240B");
  }

  @Test
  void invalidSettingsNameTheirKey() {
    assertThatThrownBy(() -> ProvisionerConfig.from(new String[0], Map.of("AK_NODE_NAME", "n")))
        .hasMessageContaining("POD_NAMESPACE");
    assertThatThrownBy(() -> ProvisionerConfig.from(new String[0], env("AK_CSI_MAX_PARALLEL_INSTALLS", "0")))
        .hasMessageContaining("AK_CSI_MAX_PARALLEL_INSTALLS");
    assertThatThrownBy(() -> ProvisionerConfig.from(new String[0], env("AK_CSI_CACHE_BUDGET", "lots")))
        .hasMessageContaining("AK_CSI_CACHE_BUDGET");
    assertThatThrownBy(() -> ProvisionerConfig.from(new String[0], env("AK_CSI_DIGEST_RECHECK_PERIOD", "soon")))
        .hasMessageContaining("AK_CSI_DIGEST_RECHECK_PERIOD");
    assertThatThrownBy(() -> ProvisionerConfig.from(new String[0], env("AK_HELM_JSON", "{\"job\":{\"tolerations\":7}}")))
        .hasMessageContaining("AK_HELM_JSON.job");
    assertThatThrownBy(() -> ProvisionerConfig.from(new String[] {"--csi-socket=/x"}, env()))
        .hasMessageContaining("--csi-socket");
  }

  @Test
  void devTimeScaleShortensRequeuesOnlyInDevMode() {
    ProvisionerConfig production = ProvisionerConfig.from(new String[0], env("AK_DEV_TIME_SCALE", "0.01"));
    assertThat(production.scaled(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    assertThat(production.toString()).doesNotContain("dev-time-scale");

    ProvisionerConfig dev = ProvisionerConfig.from(new String[0], env("AK_DEV_MODE", "true", "AK_DEV_TIME_SCALE", "0.01"));
    assertThat(dev.scaled(Duration.ofMinutes(1))).isEqualTo(Duration.ofMillis(600));
    assertThat(dev.scaled(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(6));
    assertThat(dev.scaled(Duration.ofNanos(1))).isEqualTo(Duration.ofMillis(1));
    assertThat(dev.toString()).contains("dev-time-scale=0.01");
    assertThat(production.registryRetryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(dev.registryRetryPolicy().baseDelay()).isEqualTo(Duration.ofMillis(5));
    assertThat(dev.registryRetryPolicy().maxDelay()).isEqualTo(Duration.ofMillis(300));
    assertThat(dev.registryRetryPolicy().maxAttempts()).isEqualTo(RetryPolicy.DEFAULT.maxAttempts());

    assertThatThrownBy(() -> ProvisionerConfig.from(new String[0], env("AK_DEV_MODE", "true", "AK_DEV_TIME_SCALE", "-1")))
        .hasMessageContaining("AK_DEV_TIME_SCALE");
    assertThatThrownBy(() -> ProvisionerConfig.from(new String[0], env("AK_DEV_MODE", "true", "AK_DEV_TIME_SCALE", "fast")))
        .hasMessageContaining("AK_DEV_TIME_SCALE");
  }
}
