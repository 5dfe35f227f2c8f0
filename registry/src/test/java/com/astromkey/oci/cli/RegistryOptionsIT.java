package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.verify.SupplyChainFixtures;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's client against a real TLS + Basic registry: it connects ahead while the docker config is still being read. */
@RequiresDockerRegistry
class RegistryOptionsIT {

  @TempDir
  Path dir;

  @Test
  void connectsAheadBeforeAnyOperationAndStillUsesTheCredentials() throws Exception {
    try (LocalRegistry registry = LocalRegistry.builder().basicAuth(RegistryUser.pushPull("cli", "cli-pass")).tls()
        .start()) {
      Path config = SupplyChainFixtures.dockerConfig(dir.resolve("config.json"), registry);
      RegistryOptions options = new RegistryOptions(List.of(registry.caPem()), false, Set.of(), "astromkey-operator (it)");
      registry.clearAccessLog(); // the start-up readiness probe also asked for /v2/

      try (RegistryClient client = options.client(List.of(config), true, List.of(registry.host()))) {
        // no operation yet: the only request is the early, unauthenticated GET /v2/
        List<AccessLogEntry> early = registry.awaitAccessLog(e -> e.path().equals("/v2/"));
        assertThat(early).extracting(AccessLogEntry::status).contains(401);
        assertThat(registry.accessLog()).allMatch(e -> e.path().equals("/v2/"));

        // the keychain read on the other thread is used: without it Basic auth would answer 401, not 404
        assertThat(client.headDigest(ImageReference.parse(registry.host() + "/absent/image:1"))).isEmpty();
      }
    }
  }
}
