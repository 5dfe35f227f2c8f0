package com.astromkey.oci.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.Digest;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Index entry selection, attestation exclusion, PlatformNotFound text, exact-bytes digests. */
class PlatformSelectorTest {

  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);
  static final String C = "c".repeat(64);
  static final String D = "d".repeat(64);

  static String entry(String hex, String os, String arch, String variant, String annotations) {
    return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + hex + "\",\"size\":100,"
        + "\"platform\":{\"os\":\"" + os + "\",\"architecture\":\"" + arch + "\""
        + (variant == null ? "" : ",\"variant\":\"" + variant + "\"") + "}"
        + (annotations == null ? "" : ",\"annotations\":" + annotations) + "}";
  }

  static Manifest index(String... entries) throws RegistryException {
    String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
        + String.join(",", entries) + "]}";
    return Manifest.parse(json.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_INDEX, "test");
  }

  @Test
  void attestationsAreNeverSelected() throws Exception {
    Manifest index = index(
        entry(C, "unknown", "unknown", null, "{\"vnd.docker.reference.type\":\"attestation-manifest\"}"),
        entry(D, "linux", "arm64", null, "{\"vnd.docker.reference.type\":\"attestation-manifest\"}"),
        entry(A, "linux", "amd64", null, null),
        entry(B, "linux", "arm64", "v8", null));

    assertThat(PlatformSelector.require(index, Platform.LINUX_AMD64, "r").digest().hex()).isEqualTo(A);
    assertThat(PlatformSelector.require(index, Platform.LINUX_ARM64, "r").digest().hex()).isEqualTo(B);
  }

  @Test
  void arm64VariantMustMatchOrBeAbsent() throws Exception {
    assertThat(PlatformSelector.select(index(entry(A, "linux", "arm64", "v7", null)), Platform.LINUX_ARM64)).isEmpty();
    assertThat(PlatformSelector.select(index(entry(A, "linux", "arm64", null, null)), Platform.LINUX_ARM64)).isPresent();
  }

  @Test
  void missingPlatformListsWhatIsAvailable() throws Exception {
    Manifest index = index(entry(A, "linux", "amd64", null, null), entry(C, "unknown", "unknown", null, null));

    assertThatThrownBy(() -> PlatformSelector.require(index, Platform.LINUX_ARM64, "r.io/a:1"))
        .isInstanceOf(RegistryException.class)
        .hasMessage("PlatformNotFound: r.io/a:1 has no linux/arm64 image; available: linux/amd64");
  }

  @Test
  void digestIsOfTheExactBytesAndSchema1IsRefused() throws Exception {
    byte[] raw = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":\"sha256:" + A
        + "\",\"size\":2},\"layers\":[]}  ").getBytes(StandardCharsets.UTF_8);

    Manifest m = Manifest.parse(raw, "application/vnd.docker.distribution.manifest.v2+json", "t");

    assertThat(m.digest()).isEqualTo(Digest.of(raw));
    assertThat(m.raw()).isEqualTo(raw);
    assertThat(m.config().digest().hex()).isEqualTo(A);
    assertThatThrownBy(() -> Manifest.parse("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8),
        MediaTypes.DOCKER_SCHEMA1_SIGNED, "t"))
        .hasMessageContaining("UnsupportedManifest: t: legacy schema 1 manifests are not supported");
  }

  @Test
  void singleImageConfigMustMatch() throws Exception {
    ImageConfig arm = ImageConfig.parse("{\"os\":\"linux\",\"architecture\":\"arm64\"}".getBytes(StandardCharsets.UTF_8),
        Digest.of(new byte[0]), "t");

    PlatformSelector.checkConfig(arm, Platform.LINUX_ARM64, "r");
    assertThatThrownBy(() -> PlatformSelector.checkConfig(arm, Platform.LINUX_AMD64, "r"))
        .hasMessageStartingWith("PlatformMismatch:");
  }

  @Test
  void platformParsing() {
    assertThat(Platform.parse("linux/aarch64")).isEqualTo(Platform.LINUX_ARM64);
    assertThat(Platform.parse("linux/x86_64")).isEqualTo(Platform.LINUX_AMD64);
    assertThat(Platform.parse("linux/arm/v7").variant()).isEqualTo("v7");
    assertThat(Platform.fromEnvironment(java.util.Map.of("AK_PLATFORM", "linux/arm64"))).isEqualTo(Platform.LINUX_ARM64);
    assertThat(Platform.fromEnvironment(java.util.Map.of())).isEqualTo(Platform.ofJvm());
  }
}
