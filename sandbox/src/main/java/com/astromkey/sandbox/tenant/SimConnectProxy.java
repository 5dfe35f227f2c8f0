package com.astromkey.sandbox.tenant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP CONNECT proxy on a free loopback port, with optional Basic proxy auth and a log of what it was asked,
 * for the client's proxy tests.
 */
public final class SimConnectProxy implements AutoCloseable {
  /** One CONNECT as the proxy saw it; {@code user} is the Basic user name sent, empty if none, never the password. */
  public record ConnectRequest(String target, String user, int status) {}

  private final ServerSocket server;
  private final ExecutorService executor;
  private final String username;
  private final String password;
  private final List<ConnectRequest> log = new CopyOnWriteArrayList<>();

  private SimConnectProxy(String username, String password) {
    this.username = username;
    this.password = password;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the CONNECT proxy", e);
    }
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sim-connect-proxy");
      t.setDaemon(true);
      return t;
    });
    executor.execute(this::acceptLoop);
  }

  public static SimConnectProxy open() {
    return new SimConnectProxy(null, null);
  }

  /** Requires {@code Proxy-Authorization: Basic user:password}, answering 407 otherwise. */
  public static SimConnectProxy withBasicAuth(String username, String password) {
    return new SimConnectProxy(username, password);
  }

  public int port() {
    return server.getLocalPort();
  }

  public String host() {
    return "127.0.0.1";
  }

  public List<ConnectRequest> requests() {
    return List.copyOf(log);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing a listening socket cannot fail in a way that matters to a test
    }
    executor.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        executor.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      // a 407 keeps the connection: the client may send its authenticated CONNECT on it
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          if (colon > 0) {
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
          }
        }
        if (requestLine.length < 2 || !requestLine[0].equals("CONNECT")) {
          respond(out, "405 Method Not Allowed", "");
          log.add(new ConnectRequest(requestLine.length > 1 ? requestLine[1] : "", "", 405));
          return;
        }
        String target = requestLine[1];
        String user = basicUser(headers.get("proxy-authorization"));
        if (username != null && !credentialsMatch(headers.get("proxy-authorization"))) {
          log.add(new ConnectRequest(target, user, 407));
          respond(out, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"sim-proxy\"\r\n");
          continue;
        }
        int colon = target.lastIndexOf(':');
        Socket upstream;
        try {
          upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        } catch (IOException | RuntimeException e) {
          log.add(new ConnectRequest(target, user, 502));
          respond(out, "502 Bad Gateway", "");
          return;
        }
        log.add(new ConnectRequest(target, user, 200));
        out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try (upstream) {
          executor.execute(() -> pipe(in, upstreamOut(upstream), upstream));
          upstream.getInputStream().transferTo(out);
        }
        return;
      }
    } catch (IOException ignored) {
      // either side hung up: the tunnel is over
    }
  }

  private static OutputStream upstreamOut(Socket s) {
    try {
      return s.getOutputStream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pipe(InputStream from, OutputStream to, Socket closeOnEnd) {
    try {
      from.transferTo(to);
    } catch (IOException ignored) {
      // the other direction notices the closed socket
    } finally {
      try {
        closeOnEnd.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  private boolean credentialsMatch(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String expected = username + ":" + password;
    try {
      return new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8).equals(expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String basicUser(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return "";
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static void respond(OutputStream out, String status, String extraHeaders) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads up to the blank line ending the request head; null at end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) != -1) {
      buf.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
      if (matched == 4) {
        return buf.toString(StandardCharsets.US_ASCII);
      }
      if (buf.size() > 16 * 1024) {
        throw new IOException("request head too large");
      }
    }
    return null;
  }
}
