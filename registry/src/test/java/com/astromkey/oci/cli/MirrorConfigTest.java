package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.names.ReleaseArtifacts;
import com.astromkey.oci.mirror.ReleaseSet;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorConfigTest {

  static final Map<String, String> ENV = Map.of("DOCKER_CONFIG", "/nonexistent");

  @Test
  void destinationWithoutTagTakesTheSourceTag() throws Exception {
    MirrorConfig c = MirrorConfig.parse(new String[] {"--src", "src.example:5000/a/x:1.2.3", "--dst", "dst.example/b/x"},
        ENV);
    assertThat(c.destination().canonical()).isEqualTo("dst.example/b/x:1.2.3");
    assertThat(MirrorConfig.parse(new String[] {"--src", "s.example/a:1", "--dst", "d.example:5000/b:other"}, ENV)
        .destination().tag()).isEqualTo("other");
    String digest = "sha256:" + "a".repeat(64);
    MirrorConfig byDigest = MirrorConfig.parse(new String[] {"--src", "s.example/a@" + digest, "--dst", "d.example/b"},
        ENV);
    assertThat(byDigest.destination().digest()).isEqualTo(digest);
    assertThat(byDigest.destination().tag()).isNull();
  }

  @Test
  void defaultsAndFlags() throws Exception {
    MirrorConfig c = MirrorConfig.parse(new String[] {"--src", "s.example/a:1", "--dst", "d.example/b", "--jobs=8",
        "--dry-run", "--no-referrers", "--creds", "/tmp/c.json", "--ca-file", "/tmp/ca.pem", "--verify-key", "k.pub"}, ENV);
    assertThat(c.jobs()).isEqualTo(8);
    assertThat(c.dryRun()).isTrue();
    assertThat(c.referrers()).isFalse();
    assertThat(c.signatures()).isTrue();
    assertThat(c.sourceCredentials()).containsExactly(Path.of("/tmp/c.json"));
    assertThat(c.explicitSourceCredentials()).isTrue();
    assertThat(c.registry().caFiles()).containsExactly(Path.of("/tmp/ca.pem"));
    assertThat(c.verifyKeys()).containsExactly(Path.of("k.pub"));

    MirrorConfig d = MirrorConfig.parse(new String[] {"--src", "s.example/a:1", "--dst", "d.example/b"}, ENV);
    assertThat(d.jobs()).isEqualTo(4);
    assertThat(d.sourceCredentials()).containsExactly(Path.of("/nonexistent/config.json"));
    assertThat(d.explicitSourceCredentials()).isFalse();
  }

  @Test
  void releaseUsesThePublicPrefixUnlessOverridden() throws Exception {
    MirrorConfig c = MirrorConfig.parse(new String[] {"--release", "1.4.0", "--dst", "mirror.example/astromkey"}, ENV);
    assertThat(c.sourcePrefix()).isEqualTo(ReleaseArtifacts.PUBLIC_PREFIX);
    assertThat(MirrorConfig.parse(new String[] {"--release", "1.4.0", "--dst", "m.example/p"},
        Map.of(MirrorConfig.SOURCE_PREFIX_ENV, "staging.example/rc")).sourcePrefix()).isEqualTo("staging.example/rc");
    assertThat(MirrorConfig.parse(new String[] {"--release", "1.4.0", "--dst", "m.example/p", "--src-prefix",
        "flag.example/x"}, Map.of(MirrorConfig.SOURCE_PREFIX_ENV, "env.example/y")).sourcePrefix())
        .isEqualTo("flag.example/x");
  }

  @Test
  void releaseSetNamesTheFourImagesAndTheChart() {
    assertThat(ReleaseSet.pairs("1.4.0", "1.301.0", "registry.astromkey.com/astromkey", "m.example/p/"))
        .extracting(p -> p.source().canonical() + " -> " + p.destination().canonical())
        .containsExactly(
            "registry.astromkey.com/astromkey/charts/astromkey-operator:1.4.0 -> m.example/p/charts/astromkey-operator:1.4.0",
            "registry.astromkey.com/astromkey/astromkey-operator:v1.4.0 -> m.example/p/astromkey-operator:v1.4.0",
            "registry.astromkey.com/astromkey/astromkey-oneagent:1.301.0 -> m.example/p/astromkey-oneagent:1.301.0",
            "registry.astromkey.com/astromkey/astromkey-codemodules:1.301.0 -> m.example/p/astromkey-codemodules:1.301.0",
            "registry.astromkey.com/astromkey/astromkey-activegate:1.301.0 -> m.example/p/astromkey-activegate:1.301.0");
  }

  @Test
  void usageErrors() {
    assertThatThrownBy(() -> MirrorConfig.parse(new String[] {"--src", "a/b:1"}, ENV)).hasMessage("--dst is required");
    assertThatThrownBy(() -> MirrorConfig.parse(new String[] {"--src", "a/b:1", "--dst", "c/d", "--jobs", "0"}, ENV))
        .hasMessage("--jobs must be a number from 1 to 64");
    assertThatThrownBy(() -> MirrorConfig.parse(new String[] {"--src", "a/b:1", "--release", "1", "--dst", "c/d"}, ENV))
        .hasMessage("--src and --release exclude each other");
    assertThatThrownBy(() -> MirrorConfig.parse(new String[] {"--src", "a/b:1", "--dst", "c/d", "--agent-version", "1"},
        ENV)).hasMessage("--agent-version and --src-prefix need --release");
    assertThatThrownBy(() -> MirrorConfig.parse(new String[] {"--src", "a//b:1", "--dst", "c/d"}, ENV))
        .hasMessageStartingWith("--src: ");
    assertThatThrownBy(() -> MirrorConfig.parse(new String[] {"--src", "a/b:1", "--dst", "c/d", "--bogus"}, ENV))
        .hasMessage("unknown option --bogus");
    assertThatThrownBy(() -> MirrorConfig.parse(new String[] {"--src", "a/b:1", "--dst", "c/d", "--dry-run=yes"}, ENV))
        .hasMessage("--dry-run takes no value");
  }
}
