package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.verify.SupplyChainFixtures;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirror} as a process: the report comes out and the JVM is gone soon after, with nothing left holding it up. */
@RequiresDockerRegistry
class MirrorProcessIT {

  /**
   * The JVM's exit waits for threads in native code (0.3 s for one such as the HTTP client's selector, which the CLI now
   * ends) and for any C2 compilation in flight: 0.1–0.2 s usually, up to 3.4 s seen on a machine stalled by other builds.
   */
  static final Duration EXIT_BOUND = Duration.ofSeconds(4);

  @TempDir
  Path dir;

  @Test
  void theProcessEndsSoonAfterItsReport() throws Exception {
    RegistryUser publisher = RegistryUser.pushPull("publisher", "publisher-pass");
    RegistryUser airgap = RegistryUser.pushPull("airgap", "airgap-pass");
    try (LocalRegistry source = LocalRegistry.builder().basicAuth(publisher).tls().start();
        LocalRegistry destination = LocalRegistry.builder().tokenAuth(airgap).tls().start()) {
      ImageFactory factory = new ImageFactory(source);
      PushedIndex image = SupplyChainFixtures.codeModules(factory, "astromkey/astromkey-codemodules", "1.301.0",
          ImageFormat.OCI);
      factory.signatures().signLegacy(image.repository(), image.digest(), SigningKey.generate("release"));
      Path config = SupplyChainFixtures.dockerConfig(dir.resolve("config.json"), source, destination);
      String target = destination.host() + "/mirror/astromkey-codemodules";

      MirrorProcess.Result run = MirrorProcess.run(List.of("--src", image.reference(), "--dst", target, "--creds",
          config.toString(), "--ca-file", source.caPem().toString(), "--ca-file", destination.caPem().toString()),
          Duration.ofMinutes(3));

      assertThat(run.exitCode()).as(run.output()).isEqualTo(MirrorMain.OK);
      assertThat(run.reports()).hasSize(1);
      JsonNode report = new ObjectMapper().readTree(run.reports().get(0));
      assertThat(report.path("digest").asText()).isEqualTo(image.digest());
      assertThat(report.path("signatureTags")).hasSize(1);
      assertThat(SupplyChainFixtures.client(destination).headDigest(ImageReference.parse(target + ":1.301.0")))
          .contains(Digest.parse(image.digest()));
      assertThat(run.lastReportToExit()).as("report to exit; output:\n%s", run.output()).isLessThan(EXIT_BOUND);
      assertThat(run.output()).doesNotContain("publisher-pass").doesNotContain("airgap-pass");
    }
  }
}
