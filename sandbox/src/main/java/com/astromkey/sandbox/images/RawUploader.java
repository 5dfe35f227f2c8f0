package com.astromkey.sandbox.images;

import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Minimal OCI distribution client on the JDK {@link HttpClient} for pushing byte-exact content: monolithic blob uploads and
 * manifests of any media type. Answers Basic and Bearer challenges itself; independent of the product's {@code registry} module.
 */
public final class RawUploader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI base;
    private final RegistryUser credentials;
    private final HttpClient http;
    private final Map<String, String> authorizationByRepo = new ConcurrentHashMap<>();

    /**
     * @param base        {@code http(s)://host:port} of the registry (or of a proxy in front of it)
     * @param credentials null for anonymous access
     * @param ssl         trust for HTTPS registries (e.g. {@link LocalRegistry#clientSslContext()})
     */
    public RawUploader(URI base, RegistryUser credentials, SSLContext ssl) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** An uploader for the registry using its first user (full rights by convention), anonymous for an anonymous registry. */
    public static RawUploader forRegistry(LocalRegistry registry) {
        return new RawUploader(registry.baseUri(), registry.credentials(), registry.clientSslContext());
    }

    /** The same registry with other credentials (null = anonymous). */
    public RawUploader as(RegistryUser user) {
        return new RawUploader(base, user, http.sslContext());
    }

    // ---------------------------------------------------------------- blobs

    /** Uploads the bytes (POST + one monolithic PUT) unless present, and describes them with the given media type. */
    public Descriptor pushBlob(String repo, String mediaType, byte[] bytes) {
        Descriptor d = Descriptor.of(mediaType, bytes);
        if (!blobExists(repo, d.digest())) {
            upload(repo, d.digest(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        return d;
    }

    /** Streams a file as one blob (hashing it first), so large layers never sit in memory. */
    public Descriptor pushBlob(String repo, String mediaType, Path file) {
        String digest = Digests.sha256(file);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!blobExists(repo, digest)) {
            try {
                upload(repo, digest, HttpRequest.BodyPublishers.ofFile(file));
            } catch (java.io.FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Descriptor(mediaType, digest, size);
    }

    /** Uploads a built layer (from memory or streamed from its file). */
    public Descriptor pushLayer(String repo, LayerBuilder.LayerBlob layer) {
        if (layer instanceof LayerBuilder.Layer l) {
            return pushBlob(repo, l.mediaType(), l.bytes());
        }
        LayerBuilder.LayerFile f = (LayerBuilder.LayerFile) layer;
        if (!blobExists(repo, f.digest())) {
            try {
                upload(repo, f.digest(), HttpRequest.BodyPublishers.ofFile(f.file()));
            } catch (java.io.FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
        }
        return f.descriptor();
    }

    public boolean blobExists(String repo, String digest) {
        int status = send(repo, "HEAD", "/v2/" + repo + "/blobs/" + digest, Map.of(), null).statusCode();
        return status == 200;
    }

    public byte[] getBlob(String repo, String digest) {
        return expect(send(repo, "GET", "/v2/" + repo + "/blobs/" + digest, Map.of(), null), 200).body();
    }

    /** Cross-repository mount; returns the status (201 mounted, 202 upload session opened instead). */
    public int mountBlob(String repo, String digest, String fromRepo) {
        return send(repo, "POST", "/v2/" + repo + "/blobs/uploads/?mount=" + enc(digest) + "&from=" + enc(fromRepo), Map.of(),
                null).statusCode();
    }

    private void upload(String repo, String digest, HttpRequest.BodyPublisher body) {
        HttpResponse<byte[]> started = expect(send(repo, "POST", "/v2/" + repo + "/blobs/uploads/", Map.of(), null), 202);
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new RegistryCallException("upload POST without Location", started));
        URI loc = base.resolve(location);
        String sep = loc.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(loc + sep + "digest=" + enc(digest));
        expect(send(repo, "PUT", put, Map.of("Content-Type", "application/octet-stream"), body), 201);
    }

    // ---------------------------------------------------------------- manifests

    /**
     * PUTs the exact bytes under {@code reference} (tag or digest) with {@code Content-Type: mediaType}; checks the registry's
     * {@code Docker-Content-Digest} against the locally computed digest.
     */
    public Descriptor pushManifest(String repo, String reference, String mediaType, byte[] bytes) {
        Descriptor d = Descriptor.of(mediaType, bytes);
        HttpResponse<byte[]> r = expect(send(repo, "PUT", "/v2/" + repo + "/manifests/" + reference,
                Map.of("Content-Type", mediaType), HttpRequest.BodyPublishers.ofByteArray(bytes)), 201);
        String returned = r.headers().firstValue("Docker-Content-Digest").orElse(d.digest());
        if (!returned.equals(d.digest())) {
            throw new RegistryCallException("registry computed " + returned + " for a manifest with digest " + d.digest(), r);
        }
        return d;
    }

    /** GET with every manifest media type accepted. */
    public Manifest getManifest(String repo, String reference) {
        HttpResponse<byte[]> r = expect(send(repo, "GET", "/v2/" + repo + "/manifests/" + reference,
                Map.of("Accept", MediaTypes.ACCEPT_ALL_MANIFESTS), null), 200);
        return new Manifest(r.headers().firstValue("Content-Type").orElse(null),
                r.headers().firstValue("Docker-Content-Digest").orElse(null), r.body());
    }

    public boolean manifestExists(String repo, String reference) {
        return send(repo, "HEAD", "/v2/" + repo + "/manifests/" + reference, Map.of("Accept", MediaTypes.ACCEPT_ALL_MANIFESTS),
                null).statusCode() == 200;
    }

    public void deleteManifest(String repo, String digest) {
        expect(send(repo, "DELETE", "/v2/" + repo + "/manifests/" + digest, Map.of(), null), 202);
    }

    public List<String> tags(String repo) {
        HttpResponse<byte[]> r = expect(send(repo, "GET", "/v2/" + repo + "/tags/list", Map.of(), null), 200);
        try {
            List<String> tags = new ArrayList<>();
            JsonNode t = JSON.readTree(r.body()).path("tags");
            t.forEach(n -> tags.add(n.asText()));
            return tags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- transport

    /** Sends a request for {@code repo}'s scope, answering one auth challenge; the raw response (any status) is returned. */
    public HttpResponse<byte[]> send(String repo, String method, String path, Map<String, String> headers,
                                     HttpRequest.BodyPublisher body) {
        return send(repo, method, base.resolve(path), headers, body);
    }

    private HttpResponse<byte[]> send(String repo, String method, URI uri, Map<String, String> headers,
                                      HttpRequest.BodyPublisher body) {
        HttpResponse<byte[]> r = exchange(method, uri, headers, body, authorizationByRepo.get(repo));
        if (r.statusCode() != 401) {
            return r;
        }
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        String authorization = authorize(challenge, r);
        if (authorization == null) {
            return r;
        }
        authorizationByRepo.put(repo, authorization);
        return exchange(method, uri, headers, body, authorization);
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body,
                                          String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        headers.forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String authorize(String challenge, HttpResponse<byte[]> response) {
        if (credentials == null && !challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            return basic();
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            p.put(m.group(1).toLowerCase(), m.group(2).replaceAll("\\\\(.)", "$1"));
        }
        StringBuilder q = new StringBuilder(p.get("realm"));
        q.append(q.indexOf("?") < 0 ? '?' : '&');
        q.append("service=").append(enc(p.getOrDefault("service", "")));
        if (p.containsKey("scope")) {
            for (String s : p.get("scope").split(" ")) {
                q.append("&scope=").append(enc(s));
            }
        }
        HttpResponse<byte[]> tr = exchange("GET", URI.create(q.toString()), Map.of(), null, credentials == null ? null : basic());
        if (tr.statusCode() != 200) {
            throw new RegistryCallException("token request failed with " + tr.statusCode(), tr);
        }
        try {
            JsonNode t = JSON.readTree(tr.body());
            String token = t.hasNonNull("token") ? t.get("token").asText() : t.path("access_token").asText();
            return "Bearer " + token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.colonForm().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<byte[]> expect(HttpResponse<byte[]> r, int status) {
        if (r.statusCode() != status) {
            throw new RegistryCallException("expected " + status, r);
        }
        return r;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A manifest as served: content type, {@code Docker-Content-Digest} and the exact bytes. */
    public record Manifest(String mediaType, String digest, byte[] bytes) {

        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A registry answer other than the expected one. */
    public static final class RegistryCallException extends RuntimeException {
        private final int status;

        RegistryCallException(String message, HttpResponse<byte[]> r) {
            super(message + ": " + r.request().method() + " " + r.uri().getPath() + " -> " + r.statusCode() + " "
                    + new String(r.body() == null ? new byte[0] : r.body(), 0, Math.min(r.body() == null ? 0 : r.body().length, 500),
                    StandardCharsets.UTF_8));
            this.status = r.statusCode();
        }

        public int status() {
            return status;
        }
    }
}
