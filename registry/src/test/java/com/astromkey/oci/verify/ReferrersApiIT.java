package com.astromkey.oci.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.fake.FakeImages;
import com.astromkey.oci.fake.FakeRegistry;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The referrers API path of §10.3 step 1, which the real sandbox registry (distribution 2.8) cannot serve: an OCI index
 * from {@code /referrers/<D>} is used without the fallback tag; a non-index answer falls back to the tag.
 */
class ReferrersApiIT {

  static final KeyPair A = TestKeys.p256();
  static final List<TrustedKey> TRUST_A = List.of(new TrustedKey("a.pub", A.getPublic()));

  @Test
  void anIndexFromTheReferrersApiIsUsedAndTheFallbackTagIsNotAsked() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null)) {
      String index = FakeImages.multiArch(registry, "app", "1.0");
      String referrer = pushBundleReferrer(registry, Digest.parse(index));
      registry.fault("/referrers/", answer(200, "application/vnd.oci.image.index.v1+json",
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
              + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + referrer
              + "\",\"size\":1,\"artifactType\":\"" + CosignArtifacts.BUNDLE_MEDIA_TYPE + "\"},"
              + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + index
              + "\",\"size\":1,\"artifactType\":\"application/spdx+json\"}]}"));

      VerificationResult r = new SignatureVerifier(client()).verifyWith(ImageReference.parse(registry.endpoint()
          + "/app:1.0"), TRUST_A, EnumSet.of(SignatureFormat.BUNDLE));

      assertThat(r.state()).isEqualTo(VerificationState.Verified);
      assertThat(registry.seen()).filteredOn(s -> s.path().contains("/referrers/")).singleElement()
          .satisfies(s -> assertThat(s.query()).isEqualTo("artifactType=application%2Fvnd.dev.sigstore.bundle.v0.3%2Bjson"));
      assertThat(registry.seen()).noneMatch(s -> s.path().endsWith("/manifests/" + CosignArtifacts.referrersTag(
          Digest.parse(index))));
    }
  }

  @Test
  void aNonIndexAnswerFallsBackToTheTag() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null)) {
      String index = FakeImages.multiArch(registry, "app", "1.0");
      registry.fault("/referrers/", answer(200, "text/html", "<html>not a registry API</html>"));

      VerificationResult r = new SignatureVerifier(client()).verifyWith(ImageReference.parse(registry.endpoint()
          + "/app:1.0"), TRUST_A, EnumSet.of(SignatureFormat.BUNDLE));

      assertThat(r.state()).isEqualTo(VerificationState.SignatureMissing);
      assertThat(registry.seen()).anyMatch(s -> s.path().endsWith("/manifests/" + CosignArtifacts.referrersTag(
          Digest.parse(index))));
    }
  }

  /** A DSSE bundle referrer for {@code subject}, stored by digest; returns the referrer manifest digest. */
  static String pushBundleReferrer(FakeRegistry registry, Digest subject) {
    byte[] bundle = BundleCheckTest.dsse(A, subject, CosignArtifacts.SIGN_PREDICATE_TYPE,
        CosignArtifacts.IN_TOTO_PAYLOAD_TYPE);
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\""
        + CosignArtifacts.BUNDLE_MEDIA_TYPE + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
        + registry.putBlob(empty) + "\",\"size\":2},\"layers\":[{\"mediaType\":\"" + CosignArtifacts.BUNDLE_MEDIA_TYPE
        + "\",\"digest\":\"" + registry.putBlob(bundle) + "\",\"size\":" + bundle.length + "}],\"subject\":{\"mediaType\":"
        + "\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + subject + "\",\"size\":1}}";
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    return registry.putManifest("app", FakeRegistry.digest(bytes), "application/vnd.oci.image.manifest.v1+json", bytes);
  }

  static Function<HttpExchange, Boolean> answer(int status, String contentType, String body) {
    return exchange -> {
      try {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
      } catch (IOException ignored) {
        // the client went away; the test then fails on its own assertions
      }
      return true;
    };
  }

  static RegistryClient client() {
    // the fake speaks plain HTTP and never answers a ClientHello: a short connect timeout keeps the fallback quick
    return RegistryClient.builder().connectTimeout(Duration.ofMillis(500)).userAgent("astromkey-operator/test (it)")
        .build();
  }
}
