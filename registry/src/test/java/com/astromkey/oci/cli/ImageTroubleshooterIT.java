package com.astromkey.oci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.oci.Platform;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.RetryPolicy;
import com.astromkey.oci.transport.TransportConfig;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.oci.verify.SupplyChainFixtures;
import com.astromkey.oci.verify.TrustedKey;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.SigningKey;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry checks of troubleshoot against a token-auth TLS registry: what passes, what fails, and the hints. */
@RequiresDockerRegistry
class ImageTroubleshooterIT {

  static final SigningKey KEY_A = SigningKey.generate("A");
  static final List<TrustedKey> TRUST_A = List.of(new TrustedKey("a.pub", KEY_A.publicKey()));
  static final ImageTroubleshooter.NodePlatforms BOTH = new ImageTroubleshooter.NodePlatforms(
      Set.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64), true);
  static LocalRegistry registry;
  static PushedIndex signed;
  static PushedImage amd64Only;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().tokenAuth(RegistryUser.pushPull("ops", "ops-pass")).tls().start();
    ImageFactory factory = new ImageFactory(registry);
    signed = SupplyChainFixtures.codeModules(factory, "astromkey/astromkey-codemodules", "1.301.0", ImageFormat.OCI);
    factory.signatures().signLegacy(signed.repository(), signed.digest(), KEY_A);
    amd64Only = factory.pushImage("astromkey/amd64-only", "1.301.0", ImageFormat.OCI, ImagePlatform.LINUX_AMD64, Map.of(),
        List.of(TestImages.codeModules("1.301.0", ImagePlatform.LINUX_AMD64).build()));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void aWellConfiguredSignedMultiPlatformImagePassesEveryCheck() {
    List<CheckLine> lines = troubleshooter(true, true).check("codeModules", signed.reference(), BOTH, TRUST_A,
        SignatureMode.ENFORCE);

    assertThat(lines).extracting(CheckLine::check).containsExactly("codeModules reference", "codeModules DNS",
        "codeModules TLS", "codeModules auth challenge", "codeModules pull secret", "codeModules manifest",
        "codeModules platforms", "codeModules signature");
    assertThat(lines).allSatisfy(l -> assertThat(l.status()).as(l.format()).isEqualTo(CheckLine.Status.PASS));
    assertThat(lines.get(3).detail()).startsWith("Bearer realm ").endsWith("scope repository:"
        + signed.repository() + ":pull");
    assertThat(lines.get(4).detail()).isEqualTo("secret pull-secret, key " + registry.host());
    assertThat(lines.get(5).detail()).startsWith(signed.digest());
    assertThat(lines.get(6).detail()).isEqualTo("linux/amd64, linux/arm64 present, needed by the nodes");
    assertThat(lines.get(7).detail()).startsWith("Verified");
    assertThat(lines).noneMatch(l -> l.format().contains("ops-pass"));
  }

  @Test
  void anUntrustedCertificateFailsAtTlsWithAHintAndStops() {
    List<CheckLine> lines = troubleshooter(false, true).check("oneAgent", signed.reference(), BOTH, List.of(),
        SignatureMode.OFF);
    CheckLine tls = lines.stream().filter(l -> l.check().equals("oneAgent TLS")).findFirst().orElseThrow();
    assertThat(tls.status()).isEqualTo(CheckLine.Status.FAIL);
    assertThat(tls.hint()).contains("trustedCAs");
    assertThat(lines).extracting(CheckLine::check).doesNotContain("oneAgent manifest");
  }

  @Test
  void missingPlatformsFailWhenNodesNeedThemAndOnlyWarnWhenAssumed() {
    CheckLine needed = platformLine(troubleshooter(true, true).check("codeModules", amd64Only.reference(), BOTH, List.of(),
        SignatureMode.OFF));
    assertThat(needed.status()).isEqualTo(CheckLine.Status.FAIL);
    assertThat(needed.detail()).isEqualTo("missing linux/arm64 (needed by the nodes)");

    CheckLine assumed = platformLine(troubleshooter(true, true).check("codeModules", amd64Only.reference(),
        ImageTroubleshooter.NodePlatforms.fallback(), List.of(), SignatureMode.OFF));
    assertThat(assumed.status()).isEqualTo(CheckLine.Status.WARN);
  }

  @Test
  void unsignedImagesFailOnlyInEnforceMode() {
    CheckLine enforce = last(troubleshooter(true, true).check("codeModules", amd64Only.reference(), BOTH, TRUST_A,
        SignatureMode.ENFORCE));
    assertThat(enforce.status()).isEqualTo(CheckLine.Status.FAIL);
    assertThat(enforce.detail()).startsWith("SignatureMissing");
    CheckLine warn = last(troubleshooter(true, true).check("codeModules", amd64Only.reference(), BOTH, TRUST_A,
        SignatureMode.WARN));
    assertThat(warn.status()).isEqualTo(CheckLine.Status.WARN);
  }

  @Test
  void withoutPullSecretTheKeychainWarnsAndTheManifestFailsWithAHint() {
    List<CheckLine> lines = troubleshooter(true, false).check("activeGate", signed.reference(), BOTH, List.of(),
        SignatureMode.OFF);
    assertThat(lines).filteredOn(l -> l.check().equals("activeGate pull secret")).singleElement()
        .extracting(CheckLine::status).isEqualTo(CheckLine.Status.WARN);
    CheckLine manifest = last(lines);
    assertThat(manifest.check()).isEqualTo("activeGate manifest");
    assertThat(manifest.status()).isEqualTo(CheckLine.Status.FAIL);
    assertThat(manifest.hint()).contains("pull secret");
  }

  @Test
  void anInvalidReferenceIsTheOnlyLine() {
    List<CheckLine> lines = troubleshooter(true, true).check("oneAgent", "registry.example.com/UPPER:1", BOTH, List.of(),
        SignatureMode.OFF);
    assertThat(lines).singleElement().extracting(CheckLine::status).isEqualTo(CheckLine.Status.FAIL);
  }

  static ImageTroubleshooter troubleshooter(boolean trustCa, boolean withSecret) {
    TrustConfig trust = trustCa ? TrustConfig.withPem(SupplyChainFixtures.read(registry.caPem())) : TrustConfig.systemDefaults();
    Keychain keychain = withSecret ? Keychain.fromPullSecrets(List.of(PullSecret.of("pull-secret",
        PullSecret.TYPE_DOCKER_CONFIG_JSON, Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON,
            registry.dockerConfigJson(registry.credentials()).getBytes(StandardCharsets.UTF_8))))) : Keychain.anonymous();
    return new ImageTroubleshooter(new TransportConfig(trust, null, null, null, "astromkey-operator (troubleshoot-it)",
        Set.of(), RetryPolicy.DEFAULT, false), keychain);
  }

  static CheckLine platformLine(List<CheckLine> lines) {
    return lines.stream().filter(l -> l.check().endsWith("platforms")).findFirst().orElseThrow();
  }

  static CheckLine last(List<CheckLine> lines) {
    return lines.get(lines.size() - 1);
  }
}
