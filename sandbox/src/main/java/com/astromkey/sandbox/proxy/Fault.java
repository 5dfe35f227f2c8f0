package com.astromkey.sandbox.proxy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault the {@link FaultProxy} applies to the first {@code times} requests its matcher accepts; afterwards requests pass
 * through. {@link #applied()} counts how often it fired.
 */
public final class Fault {

    enum Kind { STATUS, RESET_AFTER_BYTES }

    final Kind kind;
    final int status;
    final Map<String, String> headers;
    final long resetAfterBytes;
    final Predicate<ProxiedRequest.Head> matcher;
    private final int times;
    private final AtomicInteger applied = new AtomicInteger();
    private final String name;

    private Fault(String name, Kind kind, int status, Map<String, String> headers, long resetAfterBytes, int times,
                  Predicate<ProxiedRequest.Head> matcher) {
        this.name = name;
        this.kind = kind;
        this.status = status;
        this.headers = headers;
        this.resetAfterBytes = resetAfterBytes;
        this.times = times;
        this.matcher = matcher;
    }

    /** Answers {@code 429 Too Many Requests} with {@code Retry-After: <retryAfter>} (seconds or an HTTP date). */
    public static Fault tooManyRequests(int times, String retryAfter) {
        return new Fault("429", Kind.STATUS, 429, Map.of("Retry-After", retryAfter), 0, times, r -> true);
    }

    /** Answers {@code 503 Service Unavailable}. */
    public static Fault serviceUnavailable(int times) {
        return status(503, times, Map.of());
    }

    /** Answers {@code status} with the given extra headers and a small JSON error body, without contacting the registry. */
    public static Fault status(int status, int times, Map<String, String> headers) {
        return new Fault(String.valueOf(status), Kind.STATUS, status, Map.copyOf(headers), 0, times, r -> true);
    }

    /**
     * Forwards the request, sends the upstream response head and the first {@code bytes} body bytes, then resets the TCP
     * connection (RST, not a clean close): a blob download broken mid-way.
     */
    public static Fault resetAfterBytes(long bytes, int times) {
        return new Fault("reset@" + bytes, Kind.RESET_AFTER_BYTES, 0, Map.of(), bytes, times, r -> true);
    }

    /** The same fault restricted to requests with this method whose path (without query) matches the regex. */
    public Fault on(String method, String pathRegex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pathRegex);
        return on(r -> (method == null || r.method().equalsIgnoreCase(method)) && p.matcher(r.path()).matches());
    }

    /** The same fault restricted to requests the predicate accepts. */
    public Fault on(Predicate<ProxiedRequest.Head> matcher) {
        return new Fault(name, kind, status, headers, resetAfterBytes, times, matcher);
    }

    /** Blob GETs only ({@code GET /v2/<name>/blobs/<digest>}). */
    public Fault onBlobGet() {
        return on("GET", "/v2/.+/blobs/sha256:[0-9a-f]{64}");
    }

    /** Manifest GETs and HEADs. */
    public Fault onManifests() {
        return on(r -> (r.method().equals("GET") || r.method().equals("HEAD")) && r.path().matches("/v2/.+/manifests/[^/]+"));
    }

    boolean tryApply(ProxiedRequest.Head head) {
        if (!matcher.test(head)) {
            return false;
        }
        while (true) {
            int n = applied.get();
            if (n >= times) {
                return false;
            }
            if (applied.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** How many requests this fault has hit so far. */
    public int applied() {
        return applied.get();
    }

    public boolean exhausted() {
        return applied.get() >= times;
    }

    @Override
    public String toString() {
        return name;
    }
}
