package com.astromkey.sandbox.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    HttpServer upstream;
    FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String answer = ex.getRequestMethod() + " " + ex.getRequestURI() + " " + new String(body, StandardCharsets.UTF_8)
                    + " host=" + ex.getRequestHeaders().getFirst("X-Forwarded-Host");
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v2/next?x=1");
            ex.sendResponseHeaders(202, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        upstream.start();
        proxy = new FaultProxy(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), SSLContext.getDefault());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @Test
    void forwardsChunkedBodiesAfter100ContinueAndRewritesUpstreamLocations() throws Exception {
        String response = exchange("PUT /v2/x/blobs/uploads/1?digest=d HTTP/1.1\r\nHost: " + proxy.host()
                + "\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\n");
        assertThat(response).contains("Location: " + proxy.baseUri() + "/v2/next?x=1\r\n");
        assertThat(response).endsWith("PUT /v2/x/blobs/uploads/1?digest=d hello world host=" + proxy.host());
        assertThat(proxy.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v2/x/blobs/uploads/1");
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.fault()).isNull();
        });
    }

    @Test
    void statusFaultDoesNotReachUpstreamAndKeepsTheConnectionForTheNextRequest() throws Exception {
        proxy.inject(Fault.status(502, 1, java.util.Map.of("X-Why", "test")).on("POST", "/v2/.*"));

        String response = exchange("POST /v2/a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /v2/a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nxyz");

        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\nX-Why: test\r\n");
        assertThat(response).endsWith("POST /v2/a xyz host=" + proxy.host());
        assertThat(proxy.requests()).extracting(ProxiedRequest::status).containsExactly(502, 202);
    }

    private String exchange(String raw) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.baseUri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
