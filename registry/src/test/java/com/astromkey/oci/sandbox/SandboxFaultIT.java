package com.astromkey.oci.sandbox;

import static com.astromkey.oci.sandbox.SandboxFixtures.ref;
import static com.astromkey.oci.sandbox.SandboxFixtures.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.Platform;
import com.astromkey.oci.RateLimitedException;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.transport.ProxyConfig;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedImage;
import com.astromkey.sandbox.images.RawUploader;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.proxy.ConnectProxy;
import com.astromkey.sandbox.proxy.Fault;
import com.astromkey.sandbox.proxy.FaultProxy;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transient failures injected by the sandbox FaultProxy in front of the real (Basic, TLS) registry, and a pull through the
 * sandbox CONNECT proxy with Basic proxy credentials. The FaultProxy speaks plain HTTP on loopback (registry.md §2 fallback).
 */
@RequiresDockerRegistry
class SandboxFaultIT {

  static final RegistryUser USER = RegistryUser.pushPull("faulty", "faulty-pass");
  static final byte[] PAYLOAD = new byte[3 << 20];
  static LocalRegistry registry;
  static FaultProxy proxy;
  static PushedImage image;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().basicAuth(USER).tls().start();
    proxy = FaultProxy.inFrontOf(registry);
    new Random(42).nextBytes(PAYLOAD);
    // incompressible, so the layer blob is big enough to break in the middle
    LayerBuilder layer = TestImages.codeModules("1.0", ImagePlatform.LINUX_AMD64)
        .file(TestImages.AGENT_ROOT + "agent/payload.bin", PAYLOAD, 0644);
    image = new ImageFactory(registry, RawUploader.forRegistry(registry), proxy.host())
        .pushImage("astromkey/faulty", "1", ImageFormat.OCI, ImagePlatform.LINUX_AMD64, Map.of(), List.of(layer.build()));
  }

  @AfterAll
  static void stop() {
    proxy.close();
    registry.close();
  }

  @BeforeEach
  void reset() {
    proxy.clearFaults();
    proxy.clearRequests();
  }

  private RegistryClient client() {
    // the proxy speaks plain HTTP only; naming it (CLI --plain-http) skips the HTTPS attempt the fallback would make
    return RegistryClient.builder()
        .keychain(Keychain.fromPullSecrets(List.of(secret("pull", proxy.host(), USER.name(), USER.password()))))
        .plainHttpHosts(java.util.Set.of(proxy.host()))
        .build();
  }

  private void assertCompleteExtraction(Path target) throws Exception {
    assertThat(target.resolve("agent/arch")).hasContent("x86_64");
    assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(target.resolve("agent/payload.bin")))))
        .isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(PAYLOAD)));
  }

  @Test
  void tooManyRequestsWithRetryAfterThenSuccess() throws Exception {
    Fault fault = proxy.inject(Fault.tooManyRequests(1, "1").onBlobGet());

    long started = System.nanoTime();
    client().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64, dir.resolve("t"));

    assertThat(fault.applied()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertCompleteExtraction(dir.resolve("t"));
  }

  @Test
  void connectionResetMidBlobResumesToACompleteVerifiedExtraction() throws Exception {
    Fault fault = proxy.inject(Fault.resetAfterBytes(1 << 20, 1).onBlobGet());

    client().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64, dir.resolve("t"));

    assertThat(fault.applied()).isEqualTo(1);
    assertCompleteExtraction(dir.resolve("t"));
  }

  @Test
  void twoServiceUnavailableThenSuccess() throws Exception {
    Fault fault = proxy.inject(Fault.serviceUnavailable(2).onManifests());

    client().pullAndExtract(ref(image.reference()), Platform.LINUX_AMD64, dir.resolve("t"));

    assertThat(fault.applied()).isEqualTo(2);
    assertCompleteExtraction(dir.resolve("t"));
  }

  @Test
  void retryAfterBeyondSixtySecondsEndsWithRateLimited() {
    proxy.inject(Fault.tooManyRequests(1, "600").onManifests());

    assertThatThrownBy(() -> client().resolve(ref(image.reference()), Platform.LINUX_AMD64))
        .isInstanceOfSatisfying(RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(600)))
        .hasMessageStartingWith("RateLimited: registry " + proxy.host() + ", repository astromkey/faulty: HTTP 429");
  }

  @Test
  void basicProxyCredentialsReachTheConnectProxy() throws Exception {
    try (ConnectProxy connect = ConnectProxy.withBasicAuth("proxy-user", "proxy-pass")) {
      String reference = image.reference().replace(proxy.host(), registry.host());
      RegistryClient client = RegistryClient.builder()
          .keychain(Keychain.fromPullSecrets(List.of(secret("pull", registry.host(), USER.name(), USER.password()))))
          .trust(SandboxFixtures.harnessCa(registry))
          .proxy(ProxyConfig.parse(connect.uri().toString(), "proxy-user", "proxy-pass", List.of()))
          .build();

      client.pullAndExtract(ref(reference), Platform.LINUX_AMD64, dir.resolve("t"));

      assertCompleteExtraction(dir.resolve("t"));
      assertThat(connect.requests()).anySatisfy(e -> {
        assertThat(e.method()).isEqualTo("CONNECT");
        assertThat(e.target()).isEqualTo(registry.host());
        assertThat(e.user()).isEqualTo("proxy-user");
      });
    }
  }
}
