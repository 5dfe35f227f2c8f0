package com.astromkey.sandbox.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.Cli;
import com.astromkey.sandbox.images.Descriptor;
import com.astromkey.sandbox.images.Digests;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.Manifests;
import com.astromkey.sandbox.images.MediaTypes;
import com.astromkey.sandbox.images.RawUploader;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresDockerRegistry
class FaultProxyIT {

    static final RegistryUser USER = RegistryUser.pushPull("proxied", "proxied-pass");
    static final String REPO = "proxy/app";
    static LocalRegistry registry;
    static FaultProxy proxy;
    static RawUploader viaProxy;
    static Descriptor blob;
    static byte[] blobBytes;
    static Descriptor manifest;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.builder().basicAuth(USER).tls().start();
        proxy = FaultProxy.inFrontOf(registry);
        viaProxy = new RawUploader(proxy.baseUri(), USER, SSLContext.getDefault());
        blobBytes = new byte[200_000];
        new Random(7).nextBytes(blobBytes);
        blob = viaProxy.pushBlob(REPO, MediaTypes.OCI_LAYER_TAR, blobBytes);
        Descriptor config = viaProxy.pushBlob(REPO, MediaTypes.OCI_CONFIG,
                Manifests.config(ImagePlatform.LINUX_AMD64, Map.of(), List.of(blob.digest())));
        manifest = viaProxy.pushManifest(REPO, "1.0", MediaTypes.OCI_MANIFEST, Manifests.ociManifest(config, List.of(blob)));
    }

    @AfterAll
    static void close() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void reset() {
        proxy.clearFaults();
        proxy.clearRequests();
    }

    @Test
    void plainHttpFrontForwardsToTheTlsRegistryIncludingUploadLocations() {
        assertThat(proxy.baseUri().getScheme()).isEqualTo("http");
        Descriptor pushed = viaProxy.pushBlob(REPO, MediaTypes.OCI_LAYER_TAR, "through the proxy".getBytes());

        assertThat(proxy.count("POST", "/v2/proxy/app/blobs/uploads/")).isEqualTo(1);
        assertThat(proxy.count("PUT", "/v2/proxy/app/blobs/uploads/.+")).isEqualTo(1);
        assertThat(RawUploader.forRegistry(registry).getBlob(REPO, pushed.digest())).asString().isEqualTo("through the proxy");
        Cli.Result r = Cli.skopeoInspectRaw(proxy.host() + "/" + REPO + ":1.0", null, USER.colonForm()).ok();
        assertThat(Digests.sha256(r.stdout().getBytes())).isEqualTo(manifest.digest());
    }

    @Test
    void tooManyRequestsTwiceWithRetryAfterThenPassesThrough() {
        Fault f = proxy.inject(Fault.tooManyRequests(2, "1").onBlobGet());

        List<HttpResponse<byte[]>> answers = List.of(get(), get(), get());

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(429, 429, 200);
        assertThat(answers.get(0).headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answers.get(2).body()).isEqualTo(blobBytes);
        assertThat(f.applied()).isEqualTo(2);
        assertThat(f.exhausted()).isTrue();
        assertThat(proxy.requests()).extracting(ProxiedRequest::fault).containsExactly("429", "429", null);
        assertThat(proxy.count("GET", "/v2/.+/blobs/.+")).isEqualTo(3);
    }

    @Test
    void serviceUnavailableOnManifestsOnly() {
        proxy.inject(Fault.serviceUnavailable(2).onManifests());

        assertThatThrownBy(() -> viaProxy.getManifest(REPO, "1.0")).hasMessageContaining("-> 503");
        assertThatThrownBy(() -> viaProxy.getManifest(REPO, "1.0")).hasMessageContaining("-> 503");
        assertThat(viaProxy.getBlob(REPO, blob.digest())).isEqualTo(blobBytes);
        assertThat(viaProxy.getManifest(REPO, "1.0").digest()).isEqualTo(manifest.digest());
        assertThat(proxy.count(r -> r.status() == 503)).isEqualTo(2);
    }

    @Test
    void resetMidBlobOnceThenRangeResumeCompletesTheBlob() throws Exception {
        proxy.inject(Fault.resetAfterBytes(50_000, 1).onBlobGet());
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create(proxy.baseUri() + "/v2/" + REPO + "/blobs/" + blob.digest());
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(USER.colonForm().getBytes());

        HttpResponse<InputStream> first = client.send(HttpRequest.newBuilder(uri).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        assertThatThrownBy(() -> {
            try (InputStream in = first.body()) {
                in.transferTo(got);
            }
        }).isInstanceOf(IOException.class);
        // an RST may discard bytes still queued in the client's socket buffer, so fewer can arrive
        assertThat(got.size()).isBetween(1, 50_000);
        int received = got.size();

        HttpResponse<byte[]> rest = client.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                .header("Range", "bytes=" + got.size() + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(rest.statusCode()).isEqualTo(206);
        got.write(rest.body());
        assertThat(Digests.sha256(got.toByteArray())).isEqualTo(blob.digest());
        assertThat(proxy.requests()).extracting(ProxiedRequest::fault, ProxiedRequest::bodyBytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reset@50000", 50_000L),
                        org.assertj.core.groups.Tuple.tuple(null, 200_000L - received));
        assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.authScheme()).isEqualTo("Basic"));
    }

    private static HttpResponse<byte[]> get() {
        return viaProxy.send(REPO, "GET", "/v2/" + REPO + "/blobs/" + blob.digest(), Map.of(), null);
    }
}
