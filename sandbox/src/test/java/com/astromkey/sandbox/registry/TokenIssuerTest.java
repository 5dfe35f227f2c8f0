package com.astromkey.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    final TokenIssuer issuer = new TokenIssuer(List.of(RegistryUser.pushPull("ann", "a"), RegistryUser.pullOnly("pat", "p")),
            true, Duration.ofSeconds(120), Clock.fixed(NOW, ZoneOffset.UTC));
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        issuer.close();
    }

    @Test
    void signsEs256WithTheX5cCertificateListedAsRoot() throws Exception {
        String token = token("ann:a", "repository:a/b:pull,push").path("token").asText();

        String[] parts = token.split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(header.path("x5c").get(0).asText())));
        Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
        verify.initVerify(cert.getPublicKey());
        verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(issuer.certificatePem()).contains(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                .lines().findFirst().orElseThrow());
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 120);
        assertThat(claims.path("nbf").asLong()).isLessThanOrEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("access").get(0).path("actions").toString()).isEqualTo("[\"pull\",\"push\"]");
    }

    @Test
    void grantsOnlyWhatTheUserMayDo() throws Exception {
        token("pat:p", "repository:a/b:pull,push", "registry:catalog:*");
        token(null, "repository:a/b:pull,push");

        assertThat(issuer.requests()).extracting(TokenIssuer.TokenRequest::granted).containsExactly(
                List.of(new TokenIssuer.Grant("repository", "a/b", List.of("pull")),
                        new TokenIssuer.Grant("registry", "catalog", List.of())),
                List.of(new TokenIssuer.Grant("repository", "a/b", List.of("pull"))));
        assertThat(issuer.requests().get(1).grantType()).isEqualTo("anonymous");
    }

    @Test
    void wrongPasswordAndWrongServiceAre401() throws Exception {
        assertThat(status("ann:wrong", TokenIssuer.SERVICE)).isEqualTo(401);
        assertThat(status("ann:a", "other-service")).isEqualTo(401);
        assertThat(status("ann:a", TokenIssuer.SERVICE)).isEqualTo(200);
    }

    @Test
    void passwordGrantReturnsTheRefreshTokenThatLaterAuthenticates() throws Exception {
        JsonNode first = post("grant_type=password&username=ann&password=a&service=" + TokenIssuer.SERVICE
                + "&scope=repository:a/b:pull&client_id=t&access_type=offline");
        assertThat(first.path("refresh_token").asText()).isEqualTo(issuer.refreshToken("ann"));

        JsonNode second = post("grant_type=refresh_token&refresh_token=" + issuer.refreshToken("ann") + "&service="
                + TokenIssuer.SERVICE + "&scope=repository:a/b:push");

        assertThat(second.path("access_token").asText()).isNotEmpty();
        assertThat(issuer.requests()).extracting(TokenIssuer.TokenRequest::grantType, TokenIssuer.TokenRequest::user)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("password", "ann"),
                        org.assertj.core.groups.Tuple.tuple("refresh_token", "ann"));
    }

    private JsonNode token(String basic, String... scopes) throws Exception {
        StringBuilder q = new StringBuilder(issuer.realm() + "?service=" + TokenIssuer.SERVICE);
        for (String s : scopes) {
            q.append("&scope=").append(s);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(q.toString()));
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int status(String basic, String service) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer.realm() + "?service=" + service + "&scope=repository:a:pull"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode post(String form) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(issuer.realm())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
