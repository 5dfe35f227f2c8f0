package com.astromkey.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalRegistryTest {

    @Test
    void missingBinaryFailsWithTheInstallHint() {
        assertThatThrownBy(() -> LocalRegistry.builder().binary(Path.of("/nonexistent/docker-registry")).start())
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage("docker-registry could not be started: /nonexistent/docker-registry is missing or not executable; "
                        + "install it with 'apt-get install -y docker-registry'");
    }
}
