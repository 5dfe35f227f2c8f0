package com.astromkey.csi.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** csi-liveness options. */
class LivenessConfigTest {
  @Test
  void readsTheDaemonSetArguments() {
    LivenessConfig c = LivenessConfig.from(new String[] {"--csi-socket=/csi/csi.sock", "--health-port=9808", "--probe-timeout=9s"});
    assertThat(c.csiSocket()).isEqualTo(Path.of("/csi/csi.sock"));
    assertThat(c.healthPort()).isEqualTo(9808);
    assertThat(c.probeTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThatThrownBy(() -> LivenessConfig.from(new String[] {"--csi-socket=/s", "--probe-timeout=0s"}))
        .hasMessageContaining("--probe-timeout");
  }
}
