package com.astromkey.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.fake.FakeImages;
import com.astromkey.oci.fake.FakeRegistry;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.RetryPolicy;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol cases staged on a scripted plain-HTTP fake registry on loopback (faults the real registry cannot produce). */
class RegistryProtocolIT {

  private static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200), 0.2,
      Duration.ofSeconds(60));

  @TempDir
  Path dir;

  static Keychain keychain(String endpoint, String user, String password) {
    String json = "{\"auths\":{\"" + endpoint + "\":{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}}}";
    return Keychain.fromPullSecrets(List.of(PullSecret.of("pull", PullSecret.TYPE_DOCKER_CONFIG_JSON,
        Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON, json.getBytes(StandardCharsets.UTF_8)))));
  }

  private RegistryClient client(FakeRegistry registry, Keychain keychain) {
    // the fake speaks plain HTTP and never answers a ClientHello: a short connect timeout keeps the fallback quick
    return RegistryClient.builder().keychain(keychain).retryPolicy(FAST).connectTimeout(Duration.ofMillis(500))
        .userAgent("astromkey-operator/test (it)").build();
  }

  private static ImageReference ref(FakeRegistry registry, String rest) {
    return ImageReference.parse(registry.endpoint() + "/" + rest);
  }

  @Test
  void bearerFlowRequestsPullScopeAndReusesTheToken() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.BEARER, "u", "p")) {
      FakeImages.multiArch(registry, "team/agent", "1.0");
      RegistryClient client = client(registry, keychain(registry.endpoint(), "u", "p"));

      Digest amd = client.pullAndExtract(ref(registry, "team/agent:1.0"), Platform.LINUX_AMD64, dir.resolve("amd"));
      Digest arm = client.pullAndExtract(ref(registry, "team/agent:1.0"), Platform.LINUX_ARM64, dir.resolve("arm"));

      assertThat(dir.resolve("amd/arch")).hasContent("amd64");
      assertThat(dir.resolve("arm/arch")).hasContent("arm64");
      assertThat(amd).isNotEqualTo(arm);
      assertThat(registry.tokenScopes()).containsExactly("repository:team/agent:pull");
      assertThat(client.tokenCache().tokenRequests()).isEqualTo(1);
    }
  }

  @Test
  void revokedTokenIsDroppedRefreshedAndTheRequestRetriedOnce() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.BEARER, "u", "p")) {
      FakeImages.multiArch(registry, "a/b", "1");
      RegistryClient client = client(registry, keychain(registry.endpoint(), "u", "p"));
      client.resolve(ref(registry, "a/b:1"), Platform.LINUX_AMD64);

      registry.revokeTokens();
      ResolvedImage image = client.resolve(ref(registry, "a/b:1"), Platform.LINUX_AMD64);

      assertThat(client.tokenCache().tokenRequests()).isEqualTo(2);
      assertThat(image.credentialSource()).isEqualTo("secret pull, key " + registry.endpoint());
    }
  }

  @Test
  void redirectToAnotherHostIsFollowedWithoutAuthorization() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.BASIC, "u", "p")) {
      FakeImages.multiArch(registry, "a/b", "1");
      registry.redirectBlobsToObjectStore(true);

      client(registry, keychain(registry.endpoint(), "u", "p"))
          .pullAndExtract(ref(registry, "a/b:1"), Platform.LINUX_AMD64, dir.resolve("t"));

      assertThat(dir.resolve("t/arch")).hasContent("amd64");
      assertThat(registry.objectStoreSeen()).isNotEmpty().noneMatch(FakeRegistry.Seen::authorized);
      assertThat(registry.seen()).filteredOn(s -> s.path().contains("/blobs/")).allMatch(FakeRegistry.Seen::authorized);
    }
  }

  @Test
  void twoServiceUnavailableAnswersThenSuccess() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null)) {
      FakeImages.multiArch(registry, "a/b", "1");
      registry.fault("/manifests/1", FakeRegistry.status(503, Map.of()));
      registry.fault("/manifests/1", FakeRegistry.status(503, Map.of()));

      client(registry, Keychain.anonymous()).resolve(ref(registry, "a/b:1"), Platform.LINUX_AMD64);

      assertThat(registry.seen()).filteredOn(s -> s.path().endsWith("/manifests/1")).hasSize(3);
    }
  }

  @Test
  void retryAfterIsHonouredAndALongOneEndsWithRateLimited() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null)) {
      FakeImages.multiArch(registry, "a/b", "1");
      RegistryClient client = client(registry, Keychain.anonymous());
      registry.fault("/manifests/1", FakeRegistry.status(429, Map.of("Retry-After", "2")));

      long started = System.nanoTime();
      client.resolve(ref(registry, "a/b:1"), Platform.LINUX_AMD64);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

      registry.fault("/manifests/1", FakeRegistry.status(429, Map.of("Retry-After", "600")));
      assertThatThrownBy(() -> client.resolve(ref(registry, "a/b:1"), Platform.LINUX_AMD64))
          .isInstanceOfSatisfying(RateLimitedException.class,
              e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(600)));
    }
  }

  @Test
  void brokenBlobDownloadResumesWithRange() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null)) {
      byte[] big = new byte[3 << 20];
      new java.util.Random(1).nextBytes(big);
      byte[] layer = FakeImages.layer(FakeImages.SUBTREE + "blob", java.util.Base64.getEncoder().encodeToString(big));
      byte[] manifest = FakeImages.image(registry, "a/b", "amd64", layer);
      registry.putManifest("a/b", "1", "application/vnd.oci.image.manifest.v1+json", manifest);
      registry.fault("/blobs/" + FakeRegistry.digest(layer), exchange -> {
        try {
          exchange.sendResponseHeaders(200, layer.length);
          OutputStream out = exchange.getResponseBody();
          out.write(layer, 0, layer.length / 2);
          out.flush();
          exchange.close(); // fewer bytes than announced: the server drops the connection
        } catch (Exception ignored) {
          // the connection is gone, which is the point
        }
        return true;
      });

      client(registry, Keychain.anonymous()).pullAndExtract(ref(registry, "a/b:1"), Platform.LINUX_AMD64,
          dir.resolve("t"));

      assertThat(dir.resolve("t/blob")).hasContent(java.util.Base64.getEncoder().encodeToString(big));
      assertThat(registry.seen()).filteredOn(s -> s.range() != null).singleElement()
          .satisfies(s -> assertThat(s.range()).matches("bytes=[1-9][0-9]*-"));
    }
  }

  @Test
  void wrongCredentialsAndMissingTagNameRegistryRepositoryAndCause() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.BASIC, "u", "p")) {
      FakeImages.multiArch(registry, "a/b", "1");

      assertThatThrownBy(() -> client(registry, keychain(registry.endpoint(), "u", "wrong"))
          .resolve(ref(registry, "a/b:1"), Platform.LINUX_AMD64))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("Unauthorized: registry " + registry.endpoint() + ", repository a/b: 401")
          .hasMessageContaining("secret pull, key " + registry.endpoint())
          .hasMessageNotContaining("wrong")
          .hasMessageNotContaining("Exception");
      assertThatThrownBy(() -> client(registry, keychain(registry.endpoint(), "u", "p"))
          .resolve(ref(registry, "a/b:2"), Platform.LINUX_AMD64))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
          .hasMessageStartingWith("NotFound: registry " + registry.endpoint() + ", repository a/b: manifest 2: 404");
    }
  }

  @Test
  void nextKeychainCandidateIsTriedAfterA401() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.BEARER, "u", "p")) {
      FakeImages.multiArch(registry, "a/b", "1");
      String json = "{\"auths\":{\"" + registry.endpoint() + "/a\":{\"username\":\"u\",\"password\":\"stale\"},"
          + "\"" + registry.endpoint() + "\":{\"username\":\"u\",\"password\":\"p\"}}}";
      Keychain keychain = Keychain.fromPullSecrets(List.of(PullSecret.of("s", PullSecret.TYPE_DOCKER_CONFIG_JSON,
          Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON, json.getBytes(StandardCharsets.UTF_8)))));

      ResolvedImage image = client(registry, keychain).resolve(ref(registry, "a/b:1"), Platform.LINUX_ARM64);

      assertThat(image.credentialSource()).isEqualTo("secret s, key " + registry.endpoint());
    }
  }

  @Test
  void installLongerThanItsBudgetIsAbortedAndLeavesNothing() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null)) {
      FakeImages.multiArch(registry, "a/b", "1");
      RegistryClient client = RegistryClient.builder().retryPolicy(FAST).connectTimeout(Duration.ofMillis(500))
          .installTimeout(Duration.ZERO).build();

      assertThatThrownBy(() -> client.pullAndExtract(ref(registry, "a/b:1"), Platform.LINUX_AMD64, dir.resolve("t")))
          .hasMessageContaining("install took longer than 0 minutes");
      try (var files = Files.list(dir)) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void wrongDigestBlobLeavesNothingBehind() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null)) {
      byte[] good = FakeImages.layer(FakeImages.SUBTREE + "f", "good");
      byte[] manifest = FakeImages.image(registry, "a/b", "amd64", good);
      registry.putManifest("a/b", "1", "application/vnd.oci.image.manifest.v1+json", manifest);
      byte[] evil = FakeImages.layer(FakeImages.SUBTREE + "f", "evil");
      registry.fault("/blobs/" + FakeRegistry.digest(good), exchange -> {
        try {
          exchange.sendResponseHeaders(200, evil.length);
          exchange.getResponseBody().write(evil);
          exchange.close();
        } catch (Exception ignored) {
          // client gone
        }
        return true;
      });

      assertThatThrownBy(() -> client(registry, Keychain.anonymous())
          .pullAndExtract(ref(registry, "a/b:1"), Platform.LINUX_AMD64, dir.resolve("t")))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.reason()).isIn(RegistryException.Reason.DIGEST_MISMATCH,
                  RegistryException.Reason.SIZE_MISMATCH));
      try (var files = Files.list(dir)) {
        assertThat(files).isEmpty();
      }
    }
  }
}
