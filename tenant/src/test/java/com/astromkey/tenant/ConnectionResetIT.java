package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A real TCP reset (RST) before the response: one immediate retry for GET, none for POST. */
class ConnectionResetIT {

  /** Plain-HTTP server that resets the first {@code resets} connections after reading the request head. */
  private static final class ResettingServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final Thread thread;

    ResettingServer(int resets) throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            readHead(s.getInputStream());
            if (connections.incrementAndGet() <= resets) {
              // linger 0 turns close() into an RST
              s.setSoLinger(true, 0);
            } else {
              byte[] body = "{\"latestGatewayVersion\":\"1.301.2.20240916-080000\"}".getBytes(StandardCharsets.UTF_8);
              OutputStream out = s.getOutputStream();
              out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
              out.write(body);
              out.flush();
            }
          } catch (IOException e) {
            return;
          }
        }
      }, "resetting-server");
      thread.setDaemon(true);
      thread.start();
    }

    String apiUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/api";
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    private static void readHead(InputStream in) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        buf.write(b);
        if (buf.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
          return;
        }
      }
    }
  }

  private static TenantClient client(String apiUrl) {
    return new TenantClient(TenantClientConfig.builder(apiUrl, TenantTokens.apiOnly("t")).build());
  }

  @Test
  void oneResetIsRetriedImmediately() throws IOException {
    try (ResettingServer server = new ResettingServer(1); TenantClient client = client(server.apiUrl())) {
      assertThat(client.latestGatewayVersion()).isEqualTo("1.301.2.20240916-080000");
      assertThat(server.connections).hasValue(2);
    }
  }

  @Test
  void twoResetsFailAfterTheSingleRetry() throws IOException {
    try (ResettingServer server = new ResettingServer(2); TenantClient client = client(server.apiUrl())) {
      TenantApiException e = catchThrowableOfType(TenantApiException.class, client::latestGatewayVersion);

      assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
      assertThat(server.connections).hasValue(2);
    }
  }

  @Test
  void aPostIsNeverRetried() throws IOException {
    try (ResettingServer server = new ResettingServer(1); TenantClient client = client(server.apiUrl())) {
      TenantApiException e = catchThrowableOfType(TenantApiException.class, () -> client.createActiveGateToken("dk1"));

      assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
      assertThat(server.connections).hasValue(1);
    }
  }
}
