package com.astromkey.oci.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.tenant.SimCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server chains are validated once per host name and not once per connection, through both engines, and a remembered chain
 * never stands in for the host name check of another name.
 */
class RememberingTrustManagerIT {

  @ParameterizedTest(name = "native={0}")
  @ValueSource(booleans = {true, false})
  void aChainIsValidatedOncePerHostNameAcrossNewConnections(boolean nativeTls) throws Exception {
    SimCertificates certificates = SimCertificates.generate("remembering-ca", List.of("localhost", "127.0.0.1"));
    RememberingTrustManager remembering = remembering(certificates);
    try (Server server = new Server(certificates);
        Http1Client client = new Http1Client(context(remembering, nativeTls), null, Duration.ofSeconds(5),
            Duration.ofSeconds(5))) {
      for (int i = 0; i < 4; i++) {
        assertThat(get(client, "localhost", server.port())).isEqualTo(200);
      }
      assertThat(server.connections()).as("the server closes every connection").isEqualTo(4);
      assertThat(remembering.validations()).isEqualTo(1);

      assertThat(get(client, "127.0.0.1", server.port())).isEqualTo(200);
      assertThat(get(client, "127.0.0.1", server.port())).isEqualTo(200);
      assertThat(remembering.validations()).as("another host name is checked on its own").isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "native={0}")
  @ValueSource(booleans = {true, false})
  void aChainAcceptedForOneNameIsStillRefusedForANameItDoesNotCover(boolean nativeTls) throws Exception {
    SimCertificates certificates = SimCertificates.generate("remembering-ca", List.of("localhost"));
    RememberingTrustManager remembering = remembering(certificates);
    try (Server server = new Server(certificates);
        Http1Client client = new Http1Client(context(remembering, nativeTls), null, Duration.ofSeconds(5),
            Duration.ofSeconds(5))) {
      assertThat(get(client, "localhost", server.port())).isEqualTo(200);

      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> get(client, "127.0.0.1", server.port())).isInstanceOf(SSLHandshakeException.class);
      }
      assertThat(remembering.validations()).as("refusals are not remembered").isEqualTo(3);
      assertThat(get(client, "localhost", server.port())).isEqualTo(200);
      assertThat(remembering.validations()).isEqualTo(3);
    }
  }

  private static RememberingTrustManager remembering(SimCertificates certificates) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("ca", certificates.caCertificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    TrustManager[] wrapped = RememberingTrustManager.wrap(factory.getTrustManagers());
    assertThat(wrapped).hasSize(1);
    return (RememberingTrustManager) wrapped[0];
  }

  private static SSLContext context(RememberingTrustManager trust, boolean nativeTls) throws Exception {
    if (nativeTls) {
      return NativeTls.clientContext(new TrustManager[] {trust}).orElseThrow();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    return context;
  }

  private static int get(Http1Client client, String host, int port) throws IOException {
    Http1Client.Response response = client.send("GET", URI.create("https://" + host + ":" + port + "/v2/"), Map.of(), null,
        true);
    response.body().readAllBytes();
    return response.status();
  }

  /** Answers every request with 200 and closes the connection, so each request of the client needs a new handshake. */
  private static final class Server implements AutoCloseable {
    private final SSLServerSocket listener;
    private volatile int connections;

    Server(SimCertificates certificates) throws IOException {
      listener = (SSLServerSocket) certificates.serverContext().getServerSocketFactory().createServerSocket(0, 5,
          InetAddress.getLoopbackAddress());
      Thread thread = new Thread(this::serve, "remembering-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    int connections() {
      return connections;
    }

    private void serve() {
      while (!listener.isClosed()) {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
          connections++;
          socket.startHandshake();
          NativeTlsIT.skipRequestHead(socket.getInputStream());
          socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
        } catch (IOException e) {
          // a refused handshake ends that connection only; the client's assertions say what went wrong
        }
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
