package com.astromkey.oci.sandbox;

import static com.astromkey.oci.sandbox.SandboxFixtures.client;
import static com.astromkey.oci.sandbox.SandboxFixtures.listing;
import static com.astromkey.oci.sandbox.SandboxFixtures.platforms;
import static com.astromkey.oci.sandbox.SandboxFixtures.ref;
import static com.astromkey.oci.sandbox.SandboxFixtures.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.Digest;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.ResolvedImage;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import com.astromkey.sandbox.registry.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pulls multi-arch images from the real registry over TLS with the harness CA, in each auth mode, and the failure messages. */
@RequiresDockerRegistry
class SandboxPullIT {

  static final RegistryUser ALICE = RegistryUser.pushPull("alice", "alice-pass");
  static final RegistryUser BOB = RegistryUser.pushPull("bob", "bob-pass");
  static final String VERSION = "1.301.0";
  static final Map<LocalRegistry.Auth, LocalRegistry> REGISTRIES = new EnumMap<>(LocalRegistry.Auth.class);
  static final Map<LocalRegistry.Auth, Map<ImageFormat, PushedIndex>> IMAGES = new EnumMap<>(LocalRegistry.Auth.class);

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    REGISTRIES.put(LocalRegistry.Auth.ANONYMOUS, LocalRegistry.builder().tls().start());
    REGISTRIES.put(LocalRegistry.Auth.BASIC, LocalRegistry.builder().basicAuth(ALICE, BOB).tls().start());
    REGISTRIES.put(LocalRegistry.Auth.TOKEN, LocalRegistry.builder().tokenAuth(ALICE, BOB).tls().start());
    REGISTRIES.forEach((auth, registry) -> {
      ImageFactory factory = new ImageFactory(registry);
      Map<ImageFormat, PushedIndex> pushed = new EnumMap<>(ImageFormat.class);
      pushed.put(ImageFormat.OCI, factory.pushIndex("astromkey/codemodules", VERSION + "-oci", ImageFormat.OCI,
          platforms(Map.of(ImagePlatform.LINUX_AMD64, TestImages.codeModules(VERSION, ImagePlatform.LINUX_AMD64),
              ImagePlatform.LINUX_ARM64_V8, TestImages.codeModules(VERSION, ImagePlatform.LINUX_ARM64_V8))),
          TestImages.labels(VERSION), true));
      pushed.put(ImageFormat.DOCKER, factory.pushIndex("astromkey/codemodules", VERSION + "-docker", ImageFormat.DOCKER,
          platforms(Map.of(ImagePlatform.LINUX_AMD64, TestImages.codeModules(VERSION, ImagePlatform.LINUX_AMD64),
              ImagePlatform.LINUX_ARM64, TestImages.codeModules(VERSION, ImagePlatform.LINUX_ARM64))),
          TestImages.labels(VERSION), false));
      IMAGES.put(auth, pushed);
    });
  }

  @AfterAll
  static void stop() {
    REGISTRIES.values().forEach(LocalRegistry::close);
  }

  static Stream<Arguments> everyAuthFormatAndPlatform() {
    List<Arguments> cases = new ArrayList<>();
    for (LocalRegistry.Auth auth : LocalRegistry.Auth.values()) {
      for (ImageFormat format : List.of(ImageFormat.OCI, ImageFormat.DOCKER)) {
        cases.add(Arguments.of(auth, format, Platform.LINUX_AMD64, "x86_64"));
        cases.add(Arguments.of(auth, format, Platform.LINUX_ARM64, "aarch64"));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("everyAuthFormatAndPlatform")
  void pullsAndExtractsTheRightPlatform(LocalRegistry.Auth auth, ImageFormat format, Platform platform, String marker)
      throws Exception {
    LocalRegistry registry = REGISTRIES.get(auth);
    PushedIndex index = IMAGES.get(auth).get(format);
    Path target = dir.resolve("codemodules");

    Digest digest = client(registry).build().pullAndExtract(ref(index.reference()), platform, target);

    assertThat(target.resolve("agent/arch")).hasContent(marker);
    assertThat(target.resolve("agent/lib64/liboneagentproc.so")).content().contains(VERSION);
    assertThat(java.nio.file.Files.readSymbolicLink(target.resolve("agent/lib64/liboneagentloader.so")))
        .hasToString("liboneagentproc.so");
    assertThat(digest.toString()).isEqualTo(index.images().stream()
        .filter(i -> i.platform().architecture().equals(platform.architecture())).findFirst().orElseThrow().digest());
    assertThat(listing(dir)).containsExactly("codemodules");
  }

  @Test
  void resolvedImageNamesSubjectManifestAndCredentialSource() throws Exception {
    PushedIndex index = IMAGES.get(LocalRegistry.Auth.BASIC).get(ImageFormat.OCI);

    ResolvedImage image = client(REGISTRIES.get(LocalRegistry.Auth.BASIC)).build()
        .resolve(ref(index.reference()), Platform.LINUX_ARM64);

    assertThat(image.subjectDigest().toString()).isEqualTo(index.digest());
    assertThat(image.manifestDigest().toString()).isEqualTo(index.image(ImagePlatform.LINUX_ARM64_V8).digest());
    assertThat(image.manifest().raw()).isEqualTo(index.image(ImagePlatform.LINUX_ARM64_V8).manifest());
    assertThat(image.config().architecture()).isEqualTo("arm64");
    assertThat(image.canonicalRef()).endsWith(":" + VERSION + "-oci@" + index.digest());
    assertThat(image.credentialSource()).isEqualTo("secret pull-secret, key " + REGISTRIES.get(LocalRegistry.Auth.BASIC).host());
  }

  @Test
  void headGivesTheCurrentDigestCheaplyAndEmptyForAMissingTag() throws Exception {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.TOKEN);
    PushedIndex index = IMAGES.get(LocalRegistry.Auth.TOKEN).get(ImageFormat.DOCKER);
    RegistryClient client = client(registry).build();

    assertThat(client.headDigest(ref(index.reference()))).hasValueSatisfying(d -> assertThat(d).hasToString(index.digest()));
    assertThat(client.headDigest(ref(registry.host() + "/astromkey/codemodules:0.0.0-missing"))).isEmpty();
  }

  @Test
  void tokenModeRequestsThePullScopeOnceAndReusesTheToken() throws Exception {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.TOKEN);
    PushedIndex index = IMAGES.get(LocalRegistry.Auth.TOKEN).get(ImageFormat.OCI);
    registry.tokenIssuer().clearRequests();
    RegistryClient client = client(registry).build();

    client.pullAndExtract(ref(index.reference()), Platform.LINUX_AMD64, dir.resolve("one"));
    client.pullAndExtract(ref(index.reference()), Platform.LINUX_AMD64, dir.resolve("two"));

    List<TokenIssuer.TokenRequest> requests = registry.tokenIssuer().requests();
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.scopes()).containsExactly("repository:astromkey/codemodules:pull");
      assertThat(r.user()).isEqualTo("alice");
      assertThat(r.status()).isEqualTo(200);
    });
  }

  @Test
  void tokenModeWithIdentityTokenUsesTheRefreshTokenGrant() throws Exception {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.TOKEN);
    PushedIndex index = IMAGES.get(LocalRegistry.Auth.TOKEN).get(ImageFormat.DOCKER);
    String json = "{\"auths\":{\"" + registry.host() + "\":{\"identitytoken\":\""
        + registry.tokenIssuer().refreshToken("bob") + "\"}}}";
    Keychain keychain = Keychain.fromPullSecrets(List.of(PullSecret.of("oauth", PullSecret.TYPE_DOCKER_CONFIG_JSON,
        Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON, json.getBytes(StandardCharsets.UTF_8)))));
    registry.tokenIssuer().clearRequests();

    client(registry).keychain(keychain).build().pullAndExtract(ref(index.reference()), Platform.LINUX_ARM64, dir.resolve("t"));

    assertThat(dir.resolve("t/agent/arch")).hasContent("aarch64");
    assertThat(registry.tokenIssuer().requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.grantType()).isEqualTo("refresh_token");
      assertThat(r.user()).isEqualTo("bob");
    });
  }

  @Test
  void wrongCredentialsFailWithRegistryRepositoryAnd401() {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.BASIC);
    Keychain wrong = Keychain.fromPullSecrets(List.of(secret("pull-secret", registry.host(), "alice", "not-her-password")));

    assertThatThrownBy(() -> client(registry).keychain(wrong).build()
        .pullAndExtract(ref(IMAGES.get(LocalRegistry.Auth.BASIC).get(ImageFormat.OCI).reference()),
            Platform.LINUX_AMD64, dir.resolve("t")))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
        .hasMessageStartingWith("Unauthorized: registry " + registry.host() + ", repository astromkey/codemodules: 401")
        .hasMessageNotContaining("not-her-password")
        .hasMessageNotContaining("\tat ");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void wrongCredentialsInTokenModeFailAtTheRealmWith401() {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.TOKEN);
    Keychain wrong = Keychain.fromPullSecrets(List.of(secret("pull-secret", registry.host(), "alice", "nope")));

    assertThatThrownBy(() -> client(registry).keychain(wrong).build()
        .resolve(ref(IMAGES.get(LocalRegistry.Auth.TOKEN).get(ImageFormat.OCI).reference()), Platform.LINUX_AMD64))
        .hasMessageStartingWith("Unauthorized: registry " + registry.host() + ", repository astromkey/codemodules: 401")
        .hasMessageContaining("secret pull-secret, key " + registry.host() + " (token realm answered 401)");
  }

  @Test
  void untrustedCaFailsWithTlsSkipCertCheckSucceeds() throws Exception {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.BASIC);
    String reference = IMAGES.get(LocalRegistry.Auth.BASIC).get(ImageFormat.OCI).reference();

    assertThatThrownBy(() -> client(registry).trust(TrustConfig.systemDefaults()).build()
        .pullAndExtract(ref(reference), Platform.LINUX_AMD64, dir.resolve("t")))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TLS))
        .hasMessage("TLS: registry " + registry.host() + ", repository astromkey/codemodules: server certificate is not "
            + "trusted (add its CA to trustedCAs / --ca-file, or enable skipCertCheck)");

    client(registry).trust(TrustConfig.insecure()).build().pullAndExtract(ref(reference), Platform.LINUX_AMD64, dir.resolve("t"));
    assertThat(dir.resolve("t/agent/arch")).hasContent("x86_64");
  }

  @Test
  void missingTagFailsWith404() {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.TOKEN);

    assertThatThrownBy(() -> client(registry).build().pullAndExtract(ref(registry.host() + "/astromkey/codemodules:9.9.9"),
        Platform.LINUX_AMD64, dir.resolve("t")))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
        .hasMessageStartingWith("NotFound: registry " + registry.host()
            + ", repository astromkey/codemodules: manifest 9.9.9: 404 not found");
  }

  @Test
  void twoSecretKeychainUsesTheLongerPrefixForItsRepositoryAndTheHostKeyElsewhere() throws Exception {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.BASIC);
    new ImageFactory(registry).pushIndex("other/tool", "1", ImageFormat.OCI,
        platforms(Map.of(ImagePlatform.LINUX_AMD64, TestImages.oneAgent("1", ImagePlatform.LINUX_AMD64))), Map.of(), false);
    Keychain keychain = Keychain.fromPullSecrets(List.of(
        secret("host-wide", registry.host(), "bob", "bob-pass"),
        secret("team", registry.host() + "/astromkey", "alice", "alice-pass")));
    RegistryClient client = client(registry).keychain(keychain).build();

    registry.clearAccessLog();
    ResolvedImage team = client.resolve(ref(IMAGES.get(LocalRegistry.Auth.BASIC).get(ImageFormat.OCI).reference()),
        Platform.LINUX_AMD64);
    List<AccessLogEntry> teamLog = registry.awaitAccessLog(e -> e.isBlob() && e.status() == 200);
    assertThat(team.credentialSource()).isEqualTo("secret team, key " + registry.host() + "/astromkey");
    assertThat(teamLog).filteredOn(e -> e.status() == 200 && e.user() != null).extracting(AccessLogEntry::user)
        .containsOnly("alice");

    registry.clearAccessLog();
    ResolvedImage other = client.resolve(ref(registry.host() + "/other/tool:1"), Platform.LINUX_AMD64);
    List<AccessLogEntry> otherLog = registry.awaitAccessLog(e -> e.isBlob() && e.status() == 200);
    assertThat(other.credentialSource()).isEqualTo("secret host-wide, key " + registry.host());
    assertThat(otherLog).filteredOn(e -> e.status() == 200 && e.user() != null).extracting(AccessLogEntry::user)
        .containsOnly("bob");
  }

  @Test
  void missingSecretDoesNotPreventAPullWithTheOther() throws Exception {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.BASIC);
    Keychain keychain = Keychain.fromPullSecrets(List.of(PullSecret.missing("deleted"),
        secret("ok", registry.host(), "bob", "bob-pass")));

    client(registry).keychain(keychain).build().pullAndExtract(
        ref(IMAGES.get(LocalRegistry.Auth.BASIC).get(ImageFormat.DOCKER).reference()), Platform.LINUX_ARM64, dir.resolve("t"));

    assertThat(dir.resolve("t/agent/arch")).hasContent("aarch64");
  }

  @Test
  void amd64OnlyIndexOnArm64FailsWithPlatformNotFound() {
    LocalRegistry registry = REGISTRIES.get(LocalRegistry.Auth.ANONYMOUS);
    PushedIndex amdOnly = new ImageFactory(registry).pushIndex("astromkey/amd-only", "1", ImageFormat.OCI,
        platforms(Map.of(ImagePlatform.LINUX_AMD64, TestImages.codeModules("1", ImagePlatform.LINUX_AMD64))), Map.of(),
        true);

    assertThatThrownBy(() -> client(registry).build().pullAndExtract(ref(amdOnly.reference()), Platform.LINUX_ARM64,
        dir.resolve("t")))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.PLATFORM_NOT_FOUND))
        .hasMessageEndingWith("has no linux/arm64 image; available: linux/amd64");
    assertThat(listing(dir)).isEmpty();
  }
}
