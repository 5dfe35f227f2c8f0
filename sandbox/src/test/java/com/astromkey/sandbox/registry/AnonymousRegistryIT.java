package com.astromkey.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.Cli;
import com.astromkey.sandbox.images.Descriptor;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.Manifests;
import com.astromkey.sandbox.images.MediaTypes;
import com.astromkey.sandbox.images.RawUploader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Anonymous plain-HTTP registry: byte-exact OCI index with attestation, access log, stop/restart, clean-up. */
@RequiresDockerRegistry
class AnonymousRegistryIT {

  static LocalRegistry registry;
  static RawUploader uploader;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().start();
    uploader = RawUploader.forRegistry(registry);
  }

  @AfterAll
  static void close() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void ociIndexWithAttestationIsStoredByteExact() {
    String repo = "anon/index";
    Descriptor amd64 = pushImage(repo, ImagePlatform.LINUX_AMD64).withPlatform(ImagePlatform.LINUX_AMD64);
    Descriptor arm64 = pushImage(repo, ImagePlatform.LINUX_ARM64).withPlatform(ImagePlatform.LINUX_ARM64);
    Descriptor empty = uploader.pushBlob(repo, MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    byte[] att = Manifests.ociManifest(empty, List.of(), null, null, Map.of());
    Descriptor attestation = uploader.pushManifest(repo, Descriptors.digestTag(att), MediaTypes.OCI_MANIFEST, att);
    byte[] index = Manifests.ociIndex(List.of(amd64, arm64, Manifests.attestationEntry(attestation, amd64.digest())));

    Descriptor pushed = uploader.pushManifest(repo, "1.0", MediaTypes.OCI_INDEX, index);

    Cli.Result r = Cli.skopeoInspectRaw(registry.reference(repo, "1.0"), null, null).ok();
    assertThat(r.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(index);
    RawUploader.Manifest got = uploader.getManifest(repo, pushed.digest());
    assertThat(got.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(got.digest()).isEqualTo(pushed.digest());
    assertThat(got.json().path("manifests").get(2).path("annotations").path("vnd.docker.reference.type").asText())
        .isEqualTo("attestation-manifest");
  }

  @Test
  void accessLogRecordsAnonymousRequests() {
    registry.clearAccessLog();
    String repo = "anon/log";
    Descriptor blob = uploader.pushBlob(repo, MediaTypes.OCI_LAYER_TAR, "log".getBytes(StandardCharsets.UTF_8));
    uploader.getBlob(repo, blob.digest());

    List<AccessLogEntry> log = registry.awaitAccessLog(e -> e.method().equals("GET") && e.isBlob());

    assertThat(log).anySatisfy(e -> {
      assertThat(e.method()).isEqualTo("GET");
      assertThat(e.path()).isEqualTo("/v2/anon/log/blobs/" + blob.digest());
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.user()).isNull();
    });
    assertThat(log).anySatisfy(e -> assertThat(e.method() + " " + e.status()).isEqualTo("PUT 201"));
  }

  @Test
  void downRegistryRefusesConnectionsAndKeepsContentAfterRestart() {
    String repo = "anon/down";
    Descriptor blob = uploader.pushBlob(repo, MediaTypes.OCI_LAYER_TAR, "kept".getBytes(StandardCharsets.UTF_8));
    int port = registry.port();

    registry.stop();
    assertThat(registry.isRunning()).isFalse();
    assertThatThrownBy(() -> uploader.blobExists(repo, blob.digest())).isInstanceOf(UncheckedIOException.class);

    registry.start();
    assertThat(registry.port()).isEqualTo(port);
    assertThat(uploader.getBlob(repo, blob.digest())).asString(StandardCharsets.UTF_8).isEqualTo("kept");
  }

  @Test
  void closeDeletesTheTempDirectory() {
    LocalRegistry other = LocalRegistry.builder().start();
    var storage = other.storageDir();
    RawUploader.forRegistry(other).pushBlob("x/y", MediaTypes.OCI_LAYER_TAR, new byte[] {1});
    other.close();
    assertThat(other.isRunning()).isFalse();
    assertThat(Files.exists(storage.getParent())).isFalse();
  }

  static Descriptor pushImage(String repo, ImagePlatform platform) {
    byte[] layer = ("layer-" + platform).getBytes(StandardCharsets.UTF_8);
    Descriptor l = uploader.pushBlob(repo, MediaTypes.OCI_LAYER_TAR, layer);
    Descriptor c = uploader.pushBlob(repo, MediaTypes.OCI_CONFIG, Manifests.config(platform, Map.of(), List.of(l.digest())));
    byte[] m = Manifests.ociManifest(c, List.of(l));
    return uploader.pushManifest(repo, Descriptors.digestTag(m), MediaTypes.OCI_MANIFEST, m);
  }
}
