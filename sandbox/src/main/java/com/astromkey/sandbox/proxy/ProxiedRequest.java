package com.astromkey.sandbox.proxy;

/**
 * One request seen by a sandbox proxy: {@code fault} names the injected fault (null when passed through), {@code authScheme}
 * the scheme of the credentials sent (never their value), {@code bodyBytes} the response body bytes written to the client.
 */
public record ProxiedRequest(String method, String uri, int status, String fault, String authScheme, long bodyBytes) {

    public String path() {
        return Head.pathOf(uri);
    }

    /** What a fault matcher sees of a request. */
    public record Head(String method, String uri) {
        public String path() {
            return pathOf(uri);
        }

        static String pathOf(String uri) {
            int q = uri.indexOf('?');
            return q < 0 ? uri : uri.substring(0, q);
        }
    }
}
