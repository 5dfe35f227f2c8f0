package com.astromkey.sandbox.proxy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loopback forward proxy: tunnels {@code CONNECT host:port} and relays absolute-form plain-HTTP requests, optionally behind
 * Basic proxy authentication ({@code 407} + {@code Proxy-Authenticate}), recording each request with the proxy user.
 * Plain-HTTP connections are relayed as a tunnel after the first request, so only the first request per connection is logged.
 */
public final class ConnectProxy extends LoopbackServer {

  public static final String REALM = "sandbox-proxy";
  private static final Logger LOG = LoggerFactory.getLogger(ConnectProxy.class);

  private final String user;
  private final String password;
  private final List<Entry> log = new CopyOnWriteArrayList<>();

  private ConnectProxy(String user, String password) {
    super("connect-proxy");
    this.user = user;
    this.password = password;
    startAccepting();
  }

  /** A proxy without authentication. */
  public static ConnectProxy open() {
    return new ConnectProxy(null, null);
  }

  /** A proxy that answers 407 unless {@code Proxy-Authorization: Basic} carries these credentials. */
  public static ConnectProxy withBasicAuth(String user, String password) {
    return new ConnectProxy(user, password);
  }

  /** {@code http://127.0.0.1:<port>}, the form of {@code HTTPS_PROXY} and of DynaKube {@code spec.proxy}. */
  public URI uri() {
    return URI.create("http://" + host());
  }

  /** {@code http://user:password@127.0.0.1:<port>} (without credentials for an open proxy). */
  public URI uriWithCredentials() {
    return user == null ? uri() : URI.create("http://" + user + ":" + password + "@" + host());
  }

  public ProxySelector proxySelector() {
    return ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()));
  }

  /** Requests in arrival order, failed authentications included. */
  public List<Entry> requests() {
    return List.copyOf(log);
  }

  public void clearRequests() {
    log.clear();
  }

  @Override
  void serve(Socket client) {
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      while (!isClosed()) {
        HttpHead head = HttpHead.read(in);
        if (head == null) {
          return;
        }
        String proxyUser = authenticatedUser(head);
        boolean connect = head.method().equalsIgnoreCase("CONNECT");
        if (user != null && proxyUser == null) {
          // the body of a refused plain request is not read, so the connection cannot be reused
          respond(out, 407, "Proxy-Authenticate: Basic realm=\"" + REALM + "\"\r\n");
          log.add(new Entry(head.method(), head.target(), presentedUser(head), 407));
          if (connect || head.contentLength() <= 0 && !head.chunked()) {
            continue;
          }
          return;
        }
        String target = connect ? head.target() : authority(head.target());
        Socket upstream;
        try {
          upstream = connect(target);
        } catch (IOException e) {
          respond(out, 502, "");
          log.add(new Entry(head.method(), head.target(), proxyUser, 502));
          return;
        }
        track(upstream);
        if (connect) {
          out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          log.add(new Entry(head.method(), head.target(), proxyUser, 200));
          tunnel(client, in, upstream, null);
        } else {
          OutputStream up = upstream.getOutputStream();
          StringBuilder sb = new StringBuilder(head.method()).append(' ').append(originForm(head.target())).append(' ')
              .append(head.version()).append("\r\n");
          for (String[] h : head.headers()) {
            if (!h[0].toLowerCase().startsWith("proxy-")) {
              sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
          }
          sb.append("\r\n");
          up.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
          up.flush();
          Entry entry = new Entry(head.method(), head.target(), proxyUser, 0);
          tunnel(client, in, upstream, entry);
        }
        return;
      }
    } catch (IOException e) {
      LOG.debug("proxy connection ended: {}", e.getMessage());
    }
  }

  /** Pipes both directions until either side closes; for plain requests the response status is logged. */
  private void tunnel(Socket client, InputStream clientIn, Socket upstream, Entry plainRequest) throws IOException {
    runAsync(() -> {
      try {
        clientIn.transferTo(upstream.getOutputStream());
        upstream.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(upstream);
      }
    });
    try (upstream) {
      InputStream upIn = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      if (plainRequest != null) {
        String statusLine = HttpHead.line(upIn);
        int status = 0;
        if (statusLine != null && statusLine.split(" ").length > 1) {
          status = Integer.parseInt(statusLine.split(" ")[1]);
          out.write((statusLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        log.add(new Entry(plainRequest.method(), plainRequest.target(), plainRequest.user(), status));
      }
      upIn.transferTo(out);
      out.flush();
    } finally {
      untrack(upstream);
    }
  }

  private static Socket connect(String authority) throws IOException {
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    int port = colon < 0 ? 80 : Integer.parseInt(authority.substring(colon + 1));
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), 5000);
    return s;
  }

  private String authenticatedUser(HttpHead head) {
    String[] cred = credentials(head);
    if (user == null) {
      return cred == null ? null : cred[0];
    }
    if (cred == null || !cred[0].equals(user)
        || !MessageDigest.isEqual(cred[1].getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    return cred[0];
  }

  private static String presentedUser(HttpHead head) {
    String[] cred = credentials(head);
    return cred == null ? null : cred[0];
  }

  private static String[] credentials(HttpHead head) {
    String v = head.header("Proxy-Authorization");
    if (v == null || !v.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(v.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String authority(String absoluteUri) {
    URI u = URI.create(absoluteUri);
    return u.getHost() + ":" + (u.getPort() < 0 ? 80 : u.getPort());
  }

  private static String originForm(String absoluteUri) {
    URI u = URI.create(absoluteUri);
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
  }

  private static void respond(OutputStream out, int status, String extraHeaders) throws IOException {
    out.write(("HTTP/1.1 " + status + " " + FaultProxy.reason(status) + "\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * One proxied request: {@code target} is {@code host:port} for CONNECT or the absolute URI, {@code user} the proxy user that
   * was presented (null without {@code Proxy-Authorization}; the password is never recorded), {@code status} the proxy's or,
   * for plain requests, the origin's answer.
   */
  public record Entry(String method, String target, String user, int status) {}
}
