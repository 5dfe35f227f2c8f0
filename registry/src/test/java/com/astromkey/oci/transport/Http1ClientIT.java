package com.astromkey.oci.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking HTTP/1.1 client against a scripted loopback server on real sockets: keep-alive reuse, body framing
 * (length, chunked, until close), a pooled connection the server closed, truncation, and what the client refuses to send.
 */
class Http1ClientIT {

  private ScriptedServer server;
  private Http1Client client;

  @AfterEach
  void tearDown() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aKeepAliveConnectionServesSeveralExchanges() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
    client = client();

    assertThat(text(get("/a"))).isEqualTo("hello");
    assertThat(text(get("/b?x=1"))).isEqualTo("hello");
    assertThat(text(get("/c"))).isEqualTo("hello");

    assertThat(server.connections.get()).isEqualTo(1);
    assertThat(server.requestLines).containsExactly("GET /a HTTP/1.1", "GET /b?x=1 HTTP/1.1", "GET /c HTTP/1.1");
    assertThat(server.headers.get(0)).containsEntry("host", "127.0.0.1:" + server.port()).containsEntry("x-test", "yes");
  }

  @Test
  void aChunkedBodyIsDecodedAndItsConnectionReused() throws Exception {
    server = new ScriptedServer(request -> Reply.of(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n0a\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n"));
    client = client();

    assertThat(text(get("/one"))).isEqualTo("abcd0123456789");
    assertThat(text(get("/two"))).isEqualTo("abcd0123456789");

    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void connectionCloseAndBodiesUntilCloseAreNotReused() throws Exception {
    server = new ScriptedServer(request -> request.line().contains("/close")
        ? Reply.closing("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
        : Reply.closing("HTTP/1.1 200 OK\r\n\r\nuntil the end"));
    client = client();

    assertThat(text(get("/close"))).isEqualTo("ok");
    assertThat(text(get("/eof"))).isEqualTo("until the end");
    assertThat(text(get("/close"))).isEqualTo("ok");

    assertThat(server.connections.get()).isEqualTo(3);
  }

  @Test
  void aPooledConnectionTheServerClosedIsReplacedForARepeatableRequest() throws Exception {
    // the server closes every connection after its answer without saying so, as an idle timeout does
    server = new ScriptedServer(request -> Reply.closing("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    client = client();

    assertThat(text(get("/first"))).isEqualTo("ok");
    server.awaitClosedConnections(1);
    assertThat(text(get("/second"))).isEqualTo("ok");

    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void aPooledConnectionTheServerClosedFailsAOneShotRequest() throws Exception {
    server = new ScriptedServer(request -> Reply.closing("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
    client = client();
    assertThat(send("PUT", "/first", RequestBody.of(new byte[] {1}), false).status()).isEqualTo(201);
    server.awaitClosedConnections(1);

    assertThatThrownBy(() -> send("PUT", "/second", RequestBody.of(new byte[] {2}), false))
        .isInstanceOf(IOException.class);
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void aTruncatedBodyFailsAndItsConnectionIsDropped() throws Exception {
    server = new ScriptedServer(request -> request.line().contains("/short")
        ? Reply.closing("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
        : Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    client = client();

    Http1Client.Response response = get("/short");
    assertThatThrownBy(() -> response.body().readAllBytes())
        .isInstanceOf(IOException.class).hasMessageContaining("after 10 of 100 body bytes");
    assertThat(text(get("/next"))).isEqualTo("ok");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void aBodyClosedBeforeItsEndClosesTheConnection() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"));
    client = client();

    Http1Client.Response response = get("/partial");
    assertThat(response.body().readNBytes(3)).isEqualTo("012".getBytes(StandardCharsets.US_ASCII));
    response.body().close();
    assertThat(text(get("/whole"))).isEqualTo("0123456789");

    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void headAndNoContentAnswersHaveNoBodyAndKeepTheConnection() throws Exception {
    server = new ScriptedServer(request -> request.line().startsWith("HEAD")
        ? Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nDocker-Content-Digest: sha256:ab\r\n\r\n")
        : Reply.of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"));
    client = client();

    Http1Client.Response head = send("HEAD", "/blob", null, true);
    assertThat(head.headers().firstValue("docker-content-digest")).contains("sha256:ab");
    assertThat(head.body().readAllBytes()).isEmpty();
    Http1Client.Response deleted = send("DELETE", "/blob", null, true);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body().readAllBytes()).isEmpty();

    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void requestBodiesAreFramedByLengthOrChunks() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 202 Accepted\r\nContent-Length: "
        + request.body().length + "\r\n\r\n" + new String(request.body(), StandardCharsets.ISO_8859_1)));
    client = client();
    byte[] blob = new byte[200_000];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) (i * 31);
    }

    Http1Client.Response put = send("PUT", "/upload", RequestBody.ofStream(() -> new ByteArrayInputStream(blob), blob.length),
        true);
    assertThat(put.body().readAllBytes()).isEqualTo(blob);
    Http1Client.Response chunked = send("PATCH", "/upload", RequestBody.ofStream(() -> new ByteArrayInputStream(blob), -1),
        true);
    assertThat(chunked.body().readAllBytes()).isEqualTo(blob);
    assertThat(send("POST", "/empty", null, true).status()).isEqualTo(202);

    assertThat(server.headers.get(0)).containsEntry("content-length", "200000");
    assertThat(server.headers.get(1)).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");
    assertThat(server.headers.get(2)).containsEntry("content-length", "0");
  }

  @Test
  void aStreamShorterThanItsAnnouncedLengthFailsTheRequest() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
    client = client();

    assertThatThrownBy(() -> send("PUT", "/upload", RequestBody.ofStream(() -> new ByteArrayInputStream(new byte[10]), 20),
        true)).isInstanceOf(IOException.class).hasMessageContaining("20 bytes announced");
  }

  @Test
  void aHeaderValueWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    client = client();

    assertThatThrownBy(() -> client.send("GET", uri("/x"), Map.of("Authorization", "Bearer a\r\nX-Evil: 1"), null, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization");
    assertThat(server.requestLines).isEmpty();
    assertThat(server.connections.get()).as("no connection opened for it").isZero();
  }

  @Test
  void closingTheClientClosesItsIdleConnections() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    client = client();
    assertThat(text(get("/x"))).isEqualTo("ok");

    client.close();

    server.awaitClosedConnections(1);
  }

  @Test
  void aServerThatIsNotHttpGivesAClearError() throws Exception {
    server = new ScriptedServer(request -> Reply.closing("SSH-2.0-OpenSSH_9.2\r\n"));
    client = client();

    assertThatThrownBy(() -> get("/v2/")).isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x status line");
  }

  @Test
  void plainHttpThroughAProxyUsesTheAbsoluteFormWithTheProxyCredentials() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    ProxyConfig proxy = new ProxyConfig("127.0.0.1", server.port(), "proxy-user", "proxy-secret", List.of());
    client = new Http1Client(SSLContext.getDefault(), proxy, Duration.ofSeconds(2), Duration.ofSeconds(5));

    Http1Client.Response response = client.send("GET", URI.create("http://registry.internal:5000/v2/?n=1"), Map.of(), null,
        true);

    assertThat(text(response)).isEqualTo("ok");
    assertThat(server.requestLines).containsExactly("GET http://registry.internal:5000/v2/?n=1 HTTP/1.1");
    assertThat(server.headers.get(0)).containsEntry("host", "registry.internal:5000").containsEntry("proxy-authorization",
        "Basic " + java.util.Base64.getEncoder().encodeToString("proxy-user:proxy-secret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRefusedTunnelNamesTheProxyTheTargetAndTheAnswer() throws Exception {
    server = new ScriptedServer(request -> Reply.closing(
        "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n"));
    ProxyConfig proxy = new ProxyConfig("127.0.0.1", server.port(), "proxy-user", "wrong", List.of());
    client = new Http1Client(SSLContext.getDefault(), proxy, Duration.ofSeconds(2), Duration.ofSeconds(5));

    assertThatThrownBy(() -> client.send("GET", URI.create("https://registry.example.com/v2/"), Map.of(), null, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("proxy 127.0.0.1:" + server.port())
        .hasMessageContaining("registry.example.com:443")
        .hasMessageContaining("407");
    assertThat(server.requestLines).containsExactly("CONNECT registry.example.com:443 HTTP/1.1");
    assertThat(server.headers.get(0)).containsKey("proxy-authorization");
  }

  @Test
  void aNoProxyHostIsReachedDirectly() throws Exception {
    server = new ScriptedServer(request -> Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    // the proxy port is closed: using it would fail the request
    ProxyConfig proxy = new ProxyConfig("127.0.0.1", 1, null, null, List.of("127.0.0.1"));
    client = new Http1Client(SSLContext.getDefault(), proxy, Duration.ofSeconds(2), Duration.ofSeconds(5));

    assertThat(text(get("/v2/"))).isEqualTo("ok");
    assertThat(server.requestLines).containsExactly("GET /v2/ HTTP/1.1");
  }

  private Http1Client client() throws Exception {
    return new Http1Client(SSLContext.getDefault(), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private Http1Client.Response get(String path) throws IOException {
    return client.send("GET", uri(path), Map.of("X-Test", "yes"), null, true);
  }

  private Http1Client.Response send(String method, String path, RequestBody body, boolean repeatable) throws IOException {
    return client.send(method, uri(path), Map.of(), body, repeatable);
  }

  private static String text(Http1Client.Response response) throws IOException {
    try (InputStream body = response.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A request as the scripted server read it. */
  record Request(String line, Map<String, String> headers, byte[] body) {}

  /** Raw answer bytes, and whether the server closes the connection after sending them. */
  record Reply(String raw, boolean close) {
    static Reply of(String raw) {
      return new Reply(raw, false);
    }

    static Reply closing(String raw) {
      return new Reply(raw, true);
    }
  }

  /** A loopback HTTP/1.1 server answering each request with a scripted reply, one thread per connection. */
  static final class ScriptedServer implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final ServerSocket socket;
    private final Function<Request, Reply> script;

    ScriptedServer(Function<Request, Reply> script) throws IOException {
      this.script = script;
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "scripted-http");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    void awaitClosedConnections(int count) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (closed.get() < count) {
        assertThat(System.nanoTime()).as("connections closed in time").isLessThan(end);
        Thread.sleep(10);
      }
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          connections.incrementAndGet();
          Thread handler = new Thread(() -> serve(connection), "scripted-http-connection");
          handler.setDaemon(true);
          handler.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
        while (true) {
          String line = line(in);
          if (line == null) {
            return;
          }
          Map<String, String> fields = new java.util.LinkedHashMap<>();
          String header;
          while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            fields.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
          }
          byte[] body = fields.containsKey("content-length")
              ? in.readNBytes(Integer.parseInt(fields.get("content-length")))
              : "chunked".equals(fields.get("transfer-encoding")) ? chunks(in) : new byte[0];
          requestLines.add(line);
          headers.add(fields);
          Reply reply = script.apply(new Request(line, fields, body));
          out.write(reply.raw().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (reply.close()) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      } finally {
        closed.incrementAndGet();
      }
    }

    private static byte[] chunks(InputStream in) throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      int size;
      while ((size = Integer.parseInt(line(in), 16)) > 0) {
        all.write(in.readNBytes(size));
        line(in);
      }
      line(in);
      return all.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return c < 0 && line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
