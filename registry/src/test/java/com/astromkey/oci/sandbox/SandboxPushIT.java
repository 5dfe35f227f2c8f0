package com.astromkey.oci.sandbox;

import static com.astromkey.oci.sandbox.SandboxFixtures.client;
import static com.astromkey.oci.sandbox.SandboxFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.oci.Digest;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.manifest.MediaTypes;
import com.astromkey.oci.push.PushOperations;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.astromkey.sandbox.registry.TokenIssuer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror's write primitives against the real registry in token mode (push scopes) over TLS. */
@RequiresDockerRegistry
class SandboxPushIT {

  static final RegistryUser PUSHER = RegistryUser.pushPull("pusher", "pusher-pass");
  static LocalRegistry registry;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().tokenAuth(PUSHER).tls().start();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void uploadsMonolithicAndChunkedMountsAndPutsAManifestThatPullsBack() throws Exception {
    RegistryClient client = client(registry).build();
    LayerBuilder.Layer layer = TestImages.codeModules("3.0", ImagePlatform.LINUX_AMD64).build();
    byte[] config = "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
    byte[] big = new byte[(3 << 20) + 123];
    new Random(3).nextBytes(big);
    PushOperations push = client.push(ref(registry.host() + "/mirror/app:3.0"));

    Digest layerDigest = Digest.parse(layer.digest());
    assertThat(push.blobExists(layerDigest)).isFalse();
    push.uploadMonolithic(push.startUpload(), layerDigest, layer.size(), () -> new ByteArrayInputStream(layer.bytes()));
    assertThat(push.blobExists(layerDigest)).isTrue();

    Digest bigDigest = Digest.of(big);
    push.uploadChunked(push.startUpload(), bigDigest, new ByteArrayInputStream(big), 1 << 20);
    assertThat(push.blobExists(bigDigest)).isTrue();

    Digest configDigest = Digest.of(config);
    push.uploadMonolithic(push.startUpload(), configDigest, config.length, () -> new ByteArrayInputStream(config));
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},"
        + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + layerDigest + "\",\"size\":"
        + layer.size() + "}]}").getBytes(StandardCharsets.UTF_8);
    assertThat(push.putManifest("3.0", MediaTypes.OCI_MANIFEST, manifest)).isEqualTo(Digest.of(manifest));

    registry.tokenIssuer().clearRequests();
    PushOperations.MountResult mounted = client.push(ref(registry.host() + "/mirror/copy:3.0"), "mirror/app")
        .mount(layerDigest, "mirror/app");
    assertThat(mounted.mounted()).isTrue();
    assertThat(registry.tokenIssuer().requests()).extracting(TokenIssuer.TokenRequest::scopes)
        .anySatisfy(scopes -> assertThat(scopes)
            .contains("repository:mirror/copy:pull,push", "repository:mirror/app:pull"));

    client.pullAndExtract(ref(registry.host() + "/mirror/app:3.0"), Platform.LINUX_AMD64, dir.resolve("t"));
    assertThat(dir.resolve("t/agent/arch")).hasContent("x86_64");
  }
}
