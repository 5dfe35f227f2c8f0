package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.verify.SupplyChainFixtures;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} mode end to end against a token-auth TLS registry: output formats and the exit codes of registry.md §12. */
@RequiresDockerRegistry
class VerifyMainIT {

  static final SigningKey KEY_A = SigningKey.generate("A");
  static final SigningKey KEY_B = SigningKey.generate("B");
  static LocalRegistry registry;
  static PushedIndex signed;
  static PushedIndex unsigned;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().tokenAuth(RegistryUser.pushPull("ci", "ci-secret-pass")).tls().start();
    ImageFactory factory = new ImageFactory(registry);
    signed = SupplyChainFixtures.codeModules(factory, "astromkey/astromkey-codemodules", "1.301.0", ImageFormat.OCI);
    factory.signatures().signLegacy(signed.repository(), signed.digest(), KEY_A);
    unsigned = SupplyChainFixtures.codeModules(factory, "astromkey/unsigned", "1.301.0", ImageFormat.DOCKER);
    KEY_A.writePublicKeyPem(dir.resolve("a.pub"));
    KEY_B.writePublicKeyPem(dir.resolve("b.pub"));
    SupplyChainFixtures.dockerConfig(dir.resolve("config.json"), registry);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void verifiedImagePrintsJsonAndExitsZero() throws Exception {
    Run run = verify(signed.reference(), "a.pub", "--output", "json", "--platform", "linux/arm64");
    assertThat(run.code).isEqualTo(VerifyMain.VERIFIED);
    JsonNode json = new ObjectMapper().readTree(run.out);
    assertThat(json.path("reference").asText()).isEqualTo(signed.reference());
    assertThat(json.path("digest").asText()).isEqualTo(signed.digest());
    assertThat(json.path("result").asText()).isEqualTo("Verified");
    assertThat(json.path("platformDigest").asText()).isEqualTo(signed.image(ImagePlatform.LINUX_ARM64).digest());
    assertThat(json.path("signatures").get(0).toString())
        .isEqualTo("{\"format\":\"legacy\",\"key\":\"a.pub\",\"valid\":true,\"reason\":null}");
    assertThat(run.out + run.err).doesNotContain("ci-secret-pass");
  }

  @Test
  void wrongKeyAndMissingSignatureExitThreeWithHumanOutput() {
    Run wrongKey = verify(signed.reference(), "b.pub");
    assertThat(wrongKey.code).isEqualTo(VerifyMain.NOT_VERIFIED);
    assertThat(wrongKey.out).startsWith("SignatureInvalid: " + signed.reference() + "@" + signed.digest())
        .contains("legacy signature: no matching key");

    Run missing = verify(unsigned.reference(), "a.pub");
    assertThat(missing.code).isEqualTo(VerifyMain.NOT_VERIFIED);
    assertThat(missing.out).startsWith("SignatureMissing: ").contains("hint: ");
  }

  @Test
  void registryTroubleIsExitOne() {
    Run noCa = run("--image", signed.reference(), "--key", dir.resolve("a.pub").toString(), "--creds",
        dir.resolve("config.json").toString(), "--output", "json");
    assertThat(noCa.code).isEqualTo(VerifyMain.ERROR);
    assertThat(noCa.out).contains("\"result\":\"VerificationError\"").contains("TLS");

    Run insecure = run("--image", signed.reference(), "--key", dir.resolve("a.pub").toString(), "--creds",
        dir.resolve("config.json").toString(), "--insecure-skip-tls-verify");
    assertThat(insecure.code).isEqualTo(VerifyMain.VERIFIED);

    Run platform = verify(signed.reference(), "a.pub", "--platform", "linux/s390x");
    assertThat(platform.code).isEqualTo(VerifyMain.ERROR);
    assertThat(platform.out).contains("PlatformNotFound");
  }

  static Run verify(String image, String key, String... more) {
    List<String> args = new ArrayList<>(List.of("--image", image, "--key", dir.resolve(key).toString(), "--ca-file",
        registry.caPem().toString(), "--creds", dir.resolve("config.json").toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VerifyMain.run(args, Map.of("DOCKER_CONFIG", dir.resolve("none").toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  record Run(int code, String out, String err) {
  }
}
