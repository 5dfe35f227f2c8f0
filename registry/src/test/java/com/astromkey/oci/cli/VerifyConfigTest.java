package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.Platform;
import com.astromkey.oci.verify.SignatureFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyConfigTest {

  static final Map<String, String> ENV = Map.of("DOCKER_CONFIG", "/nonexistent");

  @Test
  void parsesKeysFormatsOutputAndRegistryOptions() throws Exception {
    VerifyConfig c = VerifyConfig.parse(new String[] {"--image", "r.example/a/b:1", "--key", "a.pub", "--key", "b.pub",
        "--output", "json", "--format", "bundle", "--platform", "linux/arm64", "--docker-config", "/c.json",
        "--insecure-skip-tls-verify"}, ENV);
    assertThat(c.image().canonical()).isEqualTo("r.example/a/b:1");
    assertThat(c.keyFiles()).containsExactly(Path.of("a.pub"), Path.of("b.pub"));
    assertThat(c.json()).isTrue();
    assertThat(c.formats()).containsExactly(SignatureFormat.BUNDLE);
    assertThat(c.platform()).isEqualTo(Platform.LINUX_ARM64);
    assertThat(c.credentialFiles()).containsExactly(Path.of("/c.json"));
    assertThat(c.registry().insecureSkipTlsVerify()).isTrue();

    VerifyConfig d = VerifyConfig.parse(new String[] {"--image", "r.example/a:1", "--key", "a.pub"}, ENV);
    assertThat(d.json()).isFalse();
    assertThat(d.formats()).containsExactlyInAnyOrder(SignatureFormat.values());
    assertThat(d.credentialFiles()).containsExactly(Path.of("/nonexistent/config.json"));
  }

  @Test
  void usageErrorsExitWithTwoAndPrintTheUsage() {
    assertThatThrownBy(() -> VerifyConfig.parse(new String[] {"--image", "r.example/a:1"}, ENV))
        .hasMessage("at least one --key is required");
    assertThatThrownBy(() -> VerifyConfig.parse(new String[] {"--image", "r.example/a:1", "--key", "k", "--output", "yaml"},
        ENV)).hasMessage("--output must be human or json");
    assertThatThrownBy(() -> VerifyConfig.parse(new String[] {"--image", "r.example/a:1", "--key", "k", "--format", "x"},
        ENV)).hasMessage("--format must be legacy, bundle or any");
    assertThatThrownBy(() -> VerifyConfig.parse(new String[] {"--image", "r.example/a:1", "--key"}, ENV))
        .hasMessage("--key needs a value");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VerifyMain.run(new String[] {"--key", "k"}, ENV, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(VerifyMain.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("verify: --image is required").contains("usage:");
  }

  @Test
  void anUnreadableKeyIsAnErrorNotAVerdict() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VerifyMain.run(new String[] {"--image", "r.example/a:1", "--key", "/nonexistent/k.pub"}, ENV,
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(VerifyMain.ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/k.pub");
  }
}
