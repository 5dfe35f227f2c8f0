package com.astromkey.sandbox.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.Cli;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.astromkey.sandbox.registry.RequiresDockerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresDockerRegistry
class ConnectProxyIT {

    static final RegistryUser ALICE = RegistryUser.pushPull("alice", "alice-pass");
    static LocalRegistry tlsRegistry;
    static LocalRegistry plainRegistry;
    static ConnectProxy authProxy;
    static ConnectProxy openProxy;

    @BeforeAll
    static void start() {
        tlsRegistry = LocalRegistry.builder().basicAuth(ALICE).tls().start();
        plainRegistry = LocalRegistry.builder().start();
        authProxy = ConnectProxy.withBasicAuth("proxy-user", "proxy-pass");
        openProxy = ConnectProxy.open();
    }

    @AfterAll
    static void close() {
        for (AutoCloseable c : new AutoCloseable[] {authProxy, openProxy, tlsRegistry, plainRegistry}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void clear() {
        authProxy.clearRequests();
        openProxy.clearRequests();
    }

    @Test
    void connectWithProxyCredentialsReachesTheTlsRegistry() {
        Cli.Result r = curl("--proxy", authProxy.uri().toString(), "--proxy-user", "proxy-user:proxy-pass",
                "--cacert", tlsRegistry.caPem().toString(), "-u", ALICE.colonForm(), tlsRegistry.baseUri() + "/v2/").ok();

        assertThat(r.stdout()).isEqualTo("{}200");
        assertThat(authProxy.requests()).containsExactly(new ConnectProxy.Entry("CONNECT", tlsRegistry.host(), "proxy-user", 200));
    }

    @Test
    void missingOrWrongProxyCredentialsGet407() {
        Cli.Result none = curl("--proxy", authProxy.uri().toString(), "--cacert", tlsRegistry.caPem().toString(),
                tlsRegistry.baseUri() + "/v2/");
        Cli.Result wrong = curl("--proxy", authProxy.uri().toString(), "--proxy-user", "proxy-user:nope",
                "--cacert", tlsRegistry.caPem().toString(), tlsRegistry.baseUri() + "/v2/");

        assertThat(none.exitCode()).isNotZero();
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(authProxy.requests()).containsExactly(
                new ConnectProxy.Entry("CONNECT", tlsRegistry.host(), null, 407),
                new ConnectProxy.Entry("CONNECT", tlsRegistry.host(), "proxy-user", 407));
    }

    @Test
    void absoluteFormPlainHttpRequestsAreRelayedAndLoggedWithTheOriginStatus() {
        String url = plainRegistry.baseUri() + "/v2/";
        Cli.Result r = curl("--proxy", openProxy.uri().toString(), url).ok();

        assertThat(r.stdout()).isEqualTo("{}200");
        assertThat(openProxy.requests()).containsExactly(new ConnectProxy.Entry("GET", url, null, 200));
    }

    @Test
    void jdkHttpClientTunnelsThroughTheOpenProxy() throws Exception {
        HttpClient client = HttpClient.newBuilder().proxy(openProxy.proxySelector()).sslContext(tlsRegistry.clientSslContext())
                .build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(tlsRegistry.baseUri() + "/v2/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(openProxy.requests()).extracting(ConnectProxy.Entry::method, ConnectProxy.Entry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CONNECT", 200));
    }

    private static Cli.Result curl(String... args) {
        String[] cmd = new String[args.length + 5];
        cmd[0] = "curl";
        cmd[1] = "-sS";
        cmd[2] = "--max-time";
        cmd[3] = "20";
        cmd[4] = "-w%{http_code}";
        System.arraycopy(args, 0, cmd, 5, args.length);
        return Cli.run(cmd);
    }
}
