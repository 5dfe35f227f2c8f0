package com.astromkey.oci.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.tenant.SimCertificates;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BoringSSL client context against real HTTPS servers: it is used when asked for, trusts what the trust config trusts
 * and nothing else, and checks the host name like the JDK does (docs/adr/0007); the registry transport sends the host as
 * SNI through either engine (ADR 0008). Server engines take Undertow's settings (the webhook's ITs serve HTTPS through them).
 */
class NativeTlsIT {
  private HttpsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void nativeContextTalksToAServerItsTrustConfigTrusts() throws Exception {
    SimCertificates certificates = SimCertificates.generate("native-tls-ca", List.of("127.0.0.1"));
    int port = serve(certificates);
    SSLContext context = RegistryHttp.sslContext(TrustConfig.withPem(certificates.caPem()), true);

    assertThat(NativeTls.isNative(context)).as("BoringSSL loads on this machine").isTrue();
    HttpResponse<String> response = get(context, port);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.sslSession()).get().satisfies(session -> assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
    try (SSLSocket socket = socket(context, port)) {
      socket.startHandshake();
      assertThat(socket.getSession().getPeerCertificates()).as("sockets of the context, with its trust").isNotEmpty();
    }
  }

  @ParameterizedTest(name = "native={0}")
  @ValueSource(booleans = {true, false})
  void theRegistryTransportSendsTheHostNameAsSniAndChecksItsCertificate(boolean nativeTls) throws Exception {
    SimCertificates certificates = SimCertificates.generate("sni-ca", List.of("localhost"));
    SSLContext context = RegistryHttp.sslContext(TrustConfig.withPem(certificates.caPem()), nativeTls);
    assertThat(NativeTls.isNative(context)).isEqualTo(nativeTls);
    List<String> requested = new CopyOnWriteArrayList<>();
    try (SSLServerSocket listener = (SSLServerSocket) certificates.serverContext().getServerSocketFactory()
        .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Http1Client client = new Http1Client(context, null, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
      Thread server = new Thread(() -> answerOnce(listener, requested), "sni-server");
      server.setDaemon(true);
      server.start();

      Http1Client.Response response = client.send("GET", URI.create("https://localhost:" + listener.getLocalPort() + "/v2/"),
          Map.of(), null, true);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body().readAllBytes()).isEqualTo("ok".getBytes(StandardCharsets.US_ASCII));
      assertThat(requested).as("server names in the ClientHello").containsExactly("localhost");
    }
  }

  private static void answerOnce(SSLServerSocket listener, List<String> requested) {
    try (SSLSocket socket = (SSLSocket) listener.accept()) {
      socket.startHandshake();
      for (SNIServerName name : ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames()) {
        requested.add(((SNIHostName) name).getAsciiName());
      }
      skipRequestHead(socket.getInputStream());
      socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      // the client's assertions report what went wrong
    }
  }

  /** Reads up to the empty line that ends a request head. */
  static void skipRequestHead(InputStream in) throws IOException {
    int last = 0;
    int c;
    while ((c = in.read()) >= 0 && !(c == '\n' && last == '\n')) {
      if (c != '\r') {
        last = c;
      }
    }
  }

  @Test
  void withoutTheFlagTheJdkProviderIsUsed() {
    assertThat(NativeTls.isNative(RegistryHttp.sslContext(TrustConfig.systemDefaults(), false))).isFalse();
  }

  @Test
  void aServerSignedByAnUntrustedCaIsRefused() throws Exception {
    int port = serve(SimCertificates.generate("untrusted-ca", List.of("127.0.0.1")));
    SSLContext context = RegistryHttp.sslContext(TrustConfig.systemDefaults(), true);

    assertThat(NativeTls.isNative(context)).isTrue();
    assertThatThrownBy(() -> get(context, port)).isInstanceOf(SSLHandshakeException.class);
    try (SSLSocket socket = socket(context, port)) {
      assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefused() throws Exception {
    SimCertificates certificates = SimCertificates.generate("native-tls-ca", List.of("registry.example.com"));
    int port = serve(certificates);
    SSLContext context = RegistryHttp.sslContext(TrustConfig.withPem(certificates.caPem()), true);

    assertThat(NativeTls.isNative(context)).isTrue();
    assertThatThrownBy(() -> get(context, port)).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void skipVerifyAcceptsAnyCertificateAsWithTheJdkProvider() throws Exception {
    int port = serve(SimCertificates.generate("untrusted-ca", List.of("registry.example.com")));
    SSLContext context = RegistryHttp.sslContext(TrustConfig.insecure(), true);

    assertThat(NativeTls.isNative(context)).isTrue();
    assertThat(get(context, port).statusCode()).isEqualTo(200);
  }

  @Test
  void serverEnginesAcceptSessionCreationAsUndertowsListenerSetsIt() throws Exception {
    SSLEngine engine = NativeTls.serverContext(SimCertificates.generate("ca", List.of("127.0.0.1")).keyManager()).orElseThrow()
        .createSSLEngine();
    engine.setUseClientMode(false);

    engine.setEnableSessionCreation(true);

    assertThat(engine.getEnableSessionCreation()).isTrue();
  }

  private int serve(SimCertificates certificates) throws IOException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  private static SSLSocket socket(SSLContext context, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    return socket;
  }

  private static HttpResponse<String> get(SSLContext context, int port) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v2/")).build(), HttpResponse.BodyHandlers.ofString());
  }
}
