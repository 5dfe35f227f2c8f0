package com.astromkey.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.Cli;
import com.astromkey.sandbox.images.Descriptor;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.Manifests;
import com.astromkey.sandbox.images.MediaTypes;
import com.astromkey.sandbox.images.RawUploader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token-auth TLS registry: JWT profile, push/pull-only/anonymous grants, refresh tokens, skopeo through the token flow. */
@RequiresDockerRegistry
class TokenAuthRegistryIT {

  static final RegistryUser PUSHER = RegistryUser.pushPull("pusher", "pusher-pass");
  static final RegistryUser PULLER = RegistryUser.pullOnly("puller", "puller-pass");
  static final String REPO = "token/app";
  static LocalRegistry registry;
  static RawUploader uploader;
  static byte[] manifest;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.builder().tokenAuth(PUSHER, PULLER).tls().start();
    uploader = RawUploader.forRegistry(registry);
    Descriptor layer = uploader.pushBlob(REPO, MediaTypes.OCI_LAYER_TAR, "token layer".getBytes(StandardCharsets.UTF_8));
    Descriptor config = uploader.pushBlob(REPO, MediaTypes.OCI_CONFIG,
        Manifests.config(ImagePlatform.LINUX_ARM64, Map.of(), List.of(layer.digest())));
    manifest = Manifests.ociManifest(config, List.of(layer));
    uploader.pushManifest(REPO, "1.0", MediaTypes.OCI_MANIFEST, manifest);
  }

  @AfterAll
  static void close() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void clearLogs() {
    registry.tokenIssuer().clearRequests();
    registry.clearAccessLog();
  }

  @Test
  void challengeNamesTheLoopbackRealmAndService() throws Exception {
    HttpResponse<Void> r = HttpClient.newBuilder().sslContext(registry.clientSslContext()).build()
        .send(HttpRequest.newBuilder(URI.create(registry.baseUri() + "/v2/")).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"" + registry.tokenIssuer().realm() + "\"")
        .contains("service=\"" + TokenIssuer.SERVICE + "\"");
    assertThat(registry.tokenIssuer().realm().getScheme()).isEqualTo("http");
  }

  @Test
  void pullOnlyUserCanPullButNotPush() {
    RawUploader puller = uploader.as(PULLER);
    assertThat(puller.getManifest(REPO, "1.0").bytes()).isEqualTo(manifest);

    assertThatThrownBy(() -> puller.pushBlob(REPO, MediaTypes.OCI_LAYER_TAR, new byte[] {42}))
        .isInstanceOfSatisfying(RawUploader.RegistryCallException.class, e -> assertThat(e.status()).isEqualTo(401));

    assertThat(registry.tokenIssuer().requests()).anySatisfy(t -> {
      assertThat(t.user()).isEqualTo("puller");
      // the registry names the actions in no fixed order
      assertThat(t.scopes()).anyMatch(s -> s.equals("repository:" + REPO + ":pull,push") || s.equals("repository:" + REPO + ":push,pull"));
      assertThat(t.granted()).containsExactly(new TokenIssuer.Grant("repository", REPO, List.of("pull")));
    });
  }

  @Test
  void anonymousGetsAnEmptyGrantAndWrongPasswordsNoToken() {
    assertThatThrownBy(() -> uploader.as(null).getManifest(REPO, "1.0"))
        .isInstanceOfSatisfying(RawUploader.RegistryCallException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(() -> uploader.as(new RegistryUser("pusher", "wrong", PUSHER.actions())).getManifest(REPO, "1.0"))
        .hasMessageContaining("token request failed with 401");

    assertThat(registry.tokenIssuer().requests()).extracting(TokenIssuer.TokenRequest::grantType,
        TokenIssuer.TokenRequest::user, TokenIssuer.TokenRequest::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("anonymous", null, 200),
            org.assertj.core.groups.Tuple.tuple("basic", "pusher", 401));
    assertThat(registry.tokenIssuer().requests().get(0).granted())
        .containsExactly(new TokenIssuer.Grant("repository", REPO, List.of()));
  }

  @Test
  void tokensFromAClockInThePastAreRejectedAsExpired() {
    registry.tokenIssuer().setClock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(-1)));
    try {
      assertThatThrownBy(() -> uploader.as(PULLER).getManifest(REPO, "1.0"))
          .isInstanceOfSatisfying(RawUploader.RegistryCallException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThat(registry.tokenIssuer().requests()).singleElement().satisfies(t -> assertThat(t.status()).isEqualTo(200));
    } finally {
      registry.tokenIssuer().setClock(java.time.Clock.systemUTC());
    }
    assertThat(uploader.as(PULLER).getManifest(REPO, "1.0").bytes()).isEqualTo(manifest);
  }

  @Test
  void tokenFollowsTheJwtProfile() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            registry.tokenIssuer().realm() + "?service=" + TokenIssuer.SERVICE + "&scope=repository:" + REPO + ":pull"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(PULLER.colonForm().getBytes()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    ObjectMapper json = new ObjectMapper();
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("expires_in").asLong()).isEqualTo(300);
    assertThat(body.path("access_token").asText()).isEqualTo(body.path("token").asText());
    String[] parts = body.path("token").asText().split("\\.");
    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.path("alg").asText()).isEqualTo("ES256");
    assertThat(header.path("x5c").get(0).asText()).isNotEmpty();
    assertThat(claims.path("iss").asText()).isEqualTo(TokenIssuer.ISSUER);
    assertThat(claims.path("sub").asText()).isEqualTo("puller");
    assertThat(claims.path("aud").asText()).isEqualTo(TokenIssuer.SERVICE);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    assertThat(claims.has("nbf") && claims.has("jti")).isTrue();
    assertThat(claims.path("access").get(0).path("actions").get(0).asText()).isEqualTo("pull");
  }

  @Test
  void refreshTokenGrantIssuesAUsableToken() throws Exception {
    String form = "grant_type=refresh_token&service=" + TokenIssuer.SERVICE + "&client_id=test&scope=repository:" + REPO
        + ":pull&refresh_token=" + registry.tokenIssuer().refreshToken("puller");
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.tokenIssuer().realm())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    String token = new ObjectMapper().readTree(r.body()).path("access_token").asText();

    HttpResponse<byte[]> manifestResponse = HttpClient.newBuilder().sslContext(registry.clientSslContext()).build()
        .send(HttpRequest.newBuilder(URI.create(registry.baseUri() + "/v2/" + REPO + "/manifests/1.0"))
            .header("Accept", MediaTypes.OCI_MANIFEST).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(manifestResponse.statusCode()).isEqualTo(200);
    assertThat(registry.tokenIssuer().requests()).singleElement()
        .satisfies(t -> assertThat(t.grantType() + " " + t.user()).isEqualTo("refresh_token puller"));
  }

  @Test
  void skopeoPullsWithTheTokenFlowAndTheAccessLogNamesTheSubject() {
    Cli.Result r = Cli.skopeoInspectRaw(registry.reference(REPO, "1.0"), registry.certDir(), PULLER.colonForm()).ok();
    assertThat(r.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(manifest);

    List<AccessLogEntry> log = registry.awaitAccessLog(e -> e.isManifest() && e.status() == 200);
    assertThat(log).filteredOn(e -> e.isManifest() && e.status() == 200)
        .allSatisfy(e -> assertThat(e.user()).isEqualTo("puller")).isNotEmpty();
    assertThat(registry.tokenIssuer().requests()).allSatisfy(t -> assertThat(t.user()).isEqualTo("puller"));
  }
}
