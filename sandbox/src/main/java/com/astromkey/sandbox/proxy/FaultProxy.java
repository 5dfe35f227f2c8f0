package com.astromkey.sandbox.proxy;

import com.astromkey.sandbox.registry.LocalRegistry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loopback reverse proxy in front of a registry that injects faults (429 with {@code Retry-After}, 503, connection reset
 * mid-body) per matching request and records every request.
 *
 * <p>Design: the proxy always speaks plain HTTP/1.1 to its clients and forwards through the JDK {@link HttpClient}, over HTTPS
 * (trusting the sandbox CA) when the registry is TLS. So a fault test works against any registry variant without the proxy
 * needing a certificate, and the client under test must be allowed plain HTTP to a loopback host (registry.md §2 allows it).
 * It sends {@code X-Forwarded-Host}/{@code X-Forwarded-Proto}, from which the registry builds upload {@code Location} URLs
 * that point back at the proxy. Token realms are not proxied: token requests go straight to the issuer.
 */
public final class FaultProxy extends LoopbackServer {

  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade", "keep-alive",
      "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-connection", "http2-settings");

  private final URI upstream;
  private final HttpClient client;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<ProxiedRequest> requests = new CopyOnWriteArrayList<>();

  /** A proxy in front of {@code upstream} ({@code http(s)://host:port}), trusting {@code ssl} for HTTPS upstreams. */
  public FaultProxy(URI upstream, SSLContext ssl) {
    super("fault-proxy");
    this.upstream = URI.create(upstream.toString().replaceAll("/+$", ""));
    this.client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    startAccepting();
  }

  /** A proxy in front of a {@link LocalRegistry} (plain or TLS). */
  public static FaultProxy inFrontOf(LocalRegistry registry) {
    return new FaultProxy(registry.baseUri(), registry.clientSslContext());
  }

  public URI baseUri() {
    return URI.create("http://" + host());
  }

  /** Adds a fault; faults are tried in the order added, the first matching one with hits left applies. */
  public Fault inject(Fault fault) {
    faults.add(fault);
    return fault;
  }

  public void clearFaults() {
    faults.clear();
  }

  public List<ProxiedRequest> requests() {
    return List.copyOf(requests);
  }

  public long count(Predicate<ProxiedRequest> match) {
    return requests.stream().filter(match).count();
  }

  /** Requests with this method whose path matches the regex. */
  public long count(String method, String pathRegex) {
    return count(r -> r.method().equalsIgnoreCase(method) && r.path().matches(pathRegex));
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  void serve(Socket socket) {
    try {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      while (!isClosed()) {
        HttpHead head = HttpHead.read(in);
        if (head == null) {
          return;
        }
        if (!handle(head, in, out, socket)) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.debug("fault proxy connection ended: {}", e.getMessage());
    }
  }

  /** Returns whether the connection may be reused. */
  private boolean handle(HttpHead head, InputStream in, OutputStream out, Socket socket) throws IOException {
    ProxiedRequest.Head h = new ProxiedRequest.Head(head.method(), head.target());
    Fault fault = faults.stream().filter(f -> f.tryApply(h)).findFirst().orElse(null);
    boolean expectContinue = "100-continue".equalsIgnoreCase(head.header("Expect"));
    String auth = head.authScheme("Authorization");
    if (fault != null && fault.kind == Fault.Kind.REDIRECT) {
      fault = redirectAsStatus(fault, head);
    }
    if (fault != null && fault.kind == Fault.Kind.DELAY) {
      pause(fault.amount);
    }
    if (fault != null && fault.kind == Fault.Kind.STATUS) {
      if (!expectContinue) {
        skipBody(head, in);
      }
      byte[] body = ("{\"errors\":[{\"code\":\"FAULT\",\"message\":\"injected by sandbox fault proxy\"}]}")
          .getBytes(StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(fault.status).append(' ').append(reason(fault.status)).append("\r\n");
      fault.headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
      sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
      out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (!head.method().equals("HEAD")) {
        out.write(body);
      }
      requests.add(new ProxiedRequest(head.method(), head.target(), fault.status, fault.toString(), auth, body.length));
      out.flush();
      // a client waiting for 100-continue never sends the body, so the connection cannot carry another request
      return !expectContinue && !"close".equalsIgnoreCase(head.header("Connection"));
    }
    if (expectContinue) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    HttpResponse<InputStream> resp;
    try {
      resp = forward(head, in);
    } catch (IOException e) {
      // like any reverse proxy: the upstream (a stopped registry, say) is unreachable
      out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      requests.add(new ProxiedRequest(head.method(), head.target(), 502, fault == null ? null : fault.toString(), auth, 0));
      out.flush();
      return false;
    }
    boolean resetting = fault != null && fault.kind == Fault.Kind.RESET_AFTER_BYTES;
    boolean noBody = head.method().equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304;
    long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(resp.statusCode()).append(' ').append(reason(resp.statusCode()))
        .append("\r\n");
    for (Map.Entry<String, List<String>> e : resp.headers().map().entrySet()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith(":") || (HOP_BY_HOP.contains(k) && !(noBody && k.equals("content-length")))) {
        continue;
      }
      for (String v : e.getValue()) {
        sb.append(canonical(k)).append(": ").append(k.equals("location") ? relocate(v) : v).append("\r\n");
      }
    }
    boolean chunked = !noBody && length < 0;
    if (!noBody) {
      sb.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    long written = 0;
    // The last body bytes are held back until the request is in the log: a client that has the whole response can
    // then always see its request in the log (tests read the log right after the call returns).
    byte[] pending = null;
    int pendingLength = 0;
    try (InputStream body = resp.body()) {
      if (!noBody) {
        long limit = resetting ? fault.amount : Long.MAX_VALUE;
        byte[] buf = new byte[1 << 16];
        for (int n; written < limit && (n = body.read(buf, 0, (int) Math.min(buf.length, limit - written))) > 0; ) {
          if (pending != null) {
            writeBody(out, pending, pendingLength, chunked);
          }
          pending = java.util.Arrays.copyOf(buf, n);
          pendingLength = n;
          written += n;
        }
        if (resetting && written >= limit) {
          if (pending != null) {
            writeBody(out, pending, pendingLength, chunked);
          }
          out.flush();
          // give the client a moment to read the bytes: an RST discards whatever is still unread in its buffer
          pause(100);
          requests.add(new ProxiedRequest(head.method(), head.target(), resp.statusCode(), fault.toString(), auth, written));
          reset(socket);
          return false;
        }
      }
    }
    requests.add(new ProxiedRequest(head.method(), head.target(), resp.statusCode(), fault == null ? null : fault.toString(),
        auth, written));
    if (pending != null) {
      writeBody(out, pending, pendingLength, chunked);
    }
    if (!noBody && chunked) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.flush();
    return !"close".equalsIgnoreCase(head.header("Connection"));
  }

  private static void writeBody(OutputStream out, byte[] bytes, int length, boolean chunked) throws IOException {
    if (chunked) {
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    out.write(bytes, 0, length);
    if (chunked) {
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private HttpResponse<InputStream> forward(HttpHead head, InputStream in) throws IOException {
    HttpRequest.BodyPublisher body;
    long length = head.contentLength();
    if (head.chunked()) {
      body = HttpRequest.BodyPublishers.ofInputStream(() -> new ChunkedInputStream(in));
    } else if (length > 0) {
      InputStream limited = new BoundedInputStream(in, length);
      body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> limited), length);
    } else {
      body = HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + head.target())).method(head.method(), body)
        .timeout(Duration.ofMinutes(10));
    for (String[] h : head.headers()) {
      if (!HOP_BY_HOP.contains(h[0].toLowerCase(Locale.ROOT)) && !h[0].toLowerCase(Locale.ROOT).startsWith("x-forwarded-")) {
        b.header(h[0], h[1]);
      }
    }
    b.header("X-Forwarded-Host", host());
    b.header("X-Forwarded-Proto", "http");
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The JDK client lower-cases header names; write them the way servers usually do ({@code Docker-Content-Digest}). */
  static String canonical(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return sb.toString();
  }

  /** A one-off status fault carrying the redirect's Location. */
  private static Fault redirectAsStatus(Fault redirect, HttpHead head) {
    return redirect.asStatus(Map.of("Location", redirect.redirectBase + head.target()));
  }

  private String relocate(String location) {
    return location.startsWith(upstream.toString()) ? baseUri() + location.substring(upstream.toString().length()) : location;
  }

  private static void skipBody(HttpHead head, InputStream in) throws IOException {
    if (head.chunked()) {
      new ChunkedInputStream(in).transferTo(OutputStream.nullOutputStream());
    } else if (head.contentLength() > 0) {
      new BoundedInputStream(in, head.contentLength()).transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void reset(Socket socket) {
    try {
      // linger 0 turns close() into a TCP RST: the client sees "connection reset", not a clean end of stream
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      LOG.debug("cannot set SO_LINGER: {}", e.getMessage());
    }
    closeQuietly(socket);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 307 -> "Temporary Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 407 -> "Proxy Authentication Required";
      case 408 -> "Request Timeout";
      case 416 -> "Range Not Satisfiable";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status";
    };
  }

  /** Reads exactly {@code length} bytes of a request body. */
  static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int c = in.read();
      if (c >= 0) {
        left--;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() {
      // the socket stream stays open for the next request on this connection
    }
  }

  /** Decodes a chunked request body (trailers are skipped). */
  static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = HttpHead.line(in);
        if (size == null) {
          throw new IOException("truncated chunked body");
        }
        int semi = size.indexOf(';');
        left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (left == 0) {
          for (String t = HttpHead.line(in); t != null && !t.isEmpty(); t = HttpHead.line(in)) {
            // trailer fields carry nothing the registry needs
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("truncated chunk");
      }
      left -= n;
      if (left == 0) {
        HttpHead.line(in);
      }
      return n;
    }

    @Override
    public void close() {
      // the socket stream stays open for the next request on this connection
    }
  }
}
