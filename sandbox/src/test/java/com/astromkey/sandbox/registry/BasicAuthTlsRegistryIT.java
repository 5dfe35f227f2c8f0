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
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** htpasswd + TLS registry checked with skopeo: credentials, sandbox CA, rejected clients, user in the access log. */
@RequiresDockerRegistry
class BasicAuthTlsRegistryIT {

  static final RegistryUser ALICE = RegistryUser.pushPull("alice", "alice-pass");
  static final RegistryUser BOB = RegistryUser.pushPull("bob", "bob-pass");
  static LocalRegistry registry;
  static RawUploader uploader;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().basicAuth(ALICE, BOB).tls().start();
    uploader = RawUploader.forRegistry(registry);
  }

  @AfterAll
  static void close() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void exposesHttpsAddressCaAndCredentials() {
    assertThat(registry.baseUri().toString()).isEqualTo("https://" + registry.host());
    assertThat(registry.host()).startsWith("127.0.0.1:");
    assertThat(registry.caPem()).exists().content().startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(registry.certDir().resolve("ca.crt")).isEqualTo(registry.caPem());
    assertThat(registry.credentials()).isEqualTo(ALICE);
    assertThat(registry.user("bob")).isEqualTo(BOB);
    assertThat(registry.auth()).isEqualTo(LocalRegistry.Auth.BASIC);
  }

  @Test
  void dockerManifestPushedWithBasicAuthIsReadableBySkopeoWithCaAndCredentials() {
    String repo = "basic/app";
    Descriptor layer = uploader.pushBlob(repo, MediaTypes.DOCKER_LAYER, "not really gzip".getBytes(StandardCharsets.UTF_8));
    Descriptor config = uploader.pushBlob(repo, MediaTypes.DOCKER_CONFIG,
        Manifests.config(ImagePlatform.LINUX_AMD64, Map.of("com.astromkey.build-version", "1.0"), List.of(layer.digest())));
    byte[] manifest = Manifests.dockerManifest(config, List.of(layer));
    Descriptor pushed = uploader.pushManifest(repo, "1.0", MediaTypes.DOCKER_MANIFEST, manifest);

    Cli.Result ok = Cli.skopeoInspectRaw(registry.reference(repo, "1.0"), registry.certDir(), BOB.colonForm()).ok();
    assertThat(ok.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(manifest);
    assertThat(pushed.digest()).isEqualTo(uploader.getManifest(repo, "1.0").digest());

    Cli.Result wrongPassword = Cli.skopeoInspectRaw(registry.reference(repo, "1.0"), registry.certDir(), "bob:wrong");
    assertThat(wrongPassword.exitCode()).isNotZero();
    assertThat(wrongPassword.stderr()).contains("unauthorized");

    Cli.Result untrusted = Cli.run("skopeo", "inspect", "--raw", "--creds", BOB.colonForm(),
        "docker://" + registry.reference(repo, "1.0"));
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.stderr()).contains("certificate");
  }

  @Test
  void anonymousAndUntrustedClientsAreRejected() throws Exception {
    RawUploader anonymous = uploader.as(null);
    assertThat(anonymous.send("basic/x", "GET", "/v2/", Map.of(), null).statusCode()).isEqualTo(401);
    assertThat(anonymous.send("basic/x", "GET", "/v2/", Map.of(), null).headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"" + LocalRegistry.REALM + "\"");
    RawUploader defaultTrust = new RawUploader(registry.baseUri(), ALICE, SSLContext.getDefault());
    assertThatThrownBy(() -> defaultTrust.blobExists("basic/x", "sha256:" + "0".repeat(64)))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void accessLogNamesTheAuthenticatedUser() {
    String repo = "basic/log";
    Descriptor blob = uploader.as(BOB).pushBlob(repo, MediaTypes.OCI_LAYER_TAR, "bob's".getBytes(StandardCharsets.UTF_8));
    registry.clearAccessLog();
    uploader.as(BOB).getBlob(repo, blob.digest());

    List<AccessLogEntry> log = registry.awaitAccessLog(e -> e.isBlob() && e.status() == 200);

    assertThat(log).filteredOn(e -> e.isBlob() && e.status() == 200).singleElement()
        .satisfies(e -> assertThat(e.user()).isEqualTo("bob"));
    assertThat(log).anySatisfy(e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void aChangedPasswordReplacesTheOldOneOnTheSameAddressAndStorage() {
    RegistryUser carol = RegistryUser.pushPull("carol", "carol-old");
    try (LocalRegistry own = LocalRegistry.builder().basicAuth(ALICE, carol).tls().start()) {
      String repo = "basic/rotated";
      Descriptor blob = RawUploader.forRegistry(own).pushBlob(repo, MediaTypes.OCI_LAYER_TAR,
          "kept".getBytes(StandardCharsets.UTF_8));
      String host = own.host();

      RegistryUser rotated = own.changePassword("carol", "carol-new");

      assertThat(own.host()).isEqualTo(host);
      assertThat(own.isRunning()).isTrue();
      assertThat(own.user("carol")).isEqualTo(rotated);
      assertThat(RawUploader.forRegistry(own).as(rotated).getBlob(repo, blob.digest())).isNotEmpty();
      assertThatThrownBy(() -> RawUploader.forRegistry(own).as(carol).getBlob(repo, blob.digest()))
          .isInstanceOfSatisfying(RawUploader.RegistryCallException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThatThrownBy(() -> registry.changePassword("nobody", "x")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
