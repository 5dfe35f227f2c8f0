package com.astromkey.csi.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Registrar options and their defaults. */
class RegistrarConfigTest {
  @Test
  void registrarDefaultsToTheRegistrationMount() {
    RegistrarConfig c = RegistrarConfig.from(new String[] {"--csi-socket=/csi/csi.sock",
        "--registration-path=/var/lib/kubelet/plugins/csi.oneagent.astromkey.com/csi.sock"});
    assertThat(c.registrationDir()).isEqualTo(Path.of("/registration"));
    assertThat(c.waitTimeout()).isEqualTo(Duration.ofSeconds(60));
  }
}
