package com.astromkey.oci.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A blocking HTTP/1.1 client: pooled keep-alive sockets, TLS through an {@link SSLEngine} on the caller's thread, HTTP
 * proxies (CONNECT tunnels for HTTPS, absolute-form requests for HTTP) with Basic credentials. Registry traffic is a few
 * large streams and many small exchanges; one thread per exchange does both without a selector or per-record buffers
 * (docs/adr/0008).
 */
final class Http1Client implements AutoCloseable {
  private static final int MAX_IDLE_PER_ROUTE = 8;
  private static final long MAX_IDLE_NANOS = Duration.ofSeconds(30).toNanos();
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 256 * 1024;
  private static final int BUFFER = 16 * 1024;

  private final SSLContext tls;
  private final ProxyConfig proxy;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final Map<String, Deque<Connection>> idle = new HashMap<>();
  private boolean closed;

  /** A response whose body streams from the connection; closing it returns or closes the connection. */
  record Response(int status, HttpHeaders headers, InputStream body) {}

  Http1Client(SSLContext tls, ProxyConfig proxy, Duration connectTimeout, Duration readTimeout) {
    this.tls = tls;
    this.proxy = proxy;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
  }

  /**
   * Sends one request and reads the response head. A pooled connection that the server closed while idle is replaced once
   * by a new one when the request can be sent again ({@code repeatable}).
   */
  Response send(String method, URI uri, Map<String, String> headers, RequestBody body, boolean repeatable)
      throws IOException {
    Route route = route(uri);
    // built (and its headers checked) before any connection is taken or opened
    byte[] head = requestHead(route, method, uri, headers, body);
    Connection pooled = takeIdle(route.key());
    if (pooled != null) {
      try {
        return exchange(pooled, method, head, body);
      } catch (StaleConnectionException e) {
        if (!repeatable) {
          throw e.cause;
        }
      }
    }
    return exchange(open(route), method, head, body);
  }

  @Override
  public void close() {
    List<Connection> all = new ArrayList<>();
    synchronized (idle) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(Connection::close);
  }

  private Response exchange(Connection connection, String method, byte[] requestHead, RequestBody body) throws IOException {
    boolean reused = connection.used;
    connection.used = true;
    boolean headRead = false;
    try {
      writeRequest(connection, requestHead, body);
      Head head = readHead(connection.in, reused);
      headRead = true;
      return new Response(head.status, head.headers, body(connection, method, head));
    } catch (IOException | RuntimeException e) {
      connection.close();
      if (reused && !headRead && e instanceof IOException io && !(e instanceof SocketTimeoutException)) {
        throw new StaleConnectionException(io);
      }
      throw e;
    }
  }

  private byte[] requestHead(Route route, String method, URI uri, Map<String, String> headers, RequestBody body) {
    StringBuilder head = new StringBuilder(256);
    String target = route.viaProxy() && !route.tls() ? uri.getScheme() + "://" + uri.getRawAuthority() + path(uri) : path(uri);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    header(head, "Host", hostHeader(uri));
    headers.forEach((name, value) -> header(head, name, value));
    if (route.viaProxy() && !route.tls() && proxy.hasCredentials()) {
      header(head, "Proxy-Authorization", basic(proxy));
    }
    long length = bodyLength(method, body);
    if (length >= 0) {
      header(head, "Content-Length", Long.toString(length));
    } else if (length == -1) {
      header(head, "Transfer-Encoding", "chunked");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The body's length, -1 when it is sent chunked, -2 when the request has no body and needs no length. */
  private static long bodyLength(String method, RequestBody body) {
    return body == null ? (needsLength(method) ? 0 : -2) : body.length();
  }

  private static void writeRequest(Connection connection, byte[] head, RequestBody body) throws IOException {
    OutputStream out = connection.out;
    out.write(head);
    if (body != null) {
      if (body.length() == -1) {
        ChunkedOutput chunked = new ChunkedOutput(out);
        body.writeTo(chunked);
        chunked.finish();
      } else {
        body.writeTo(out);
      }
    }
    out.flush();
  }

  private static boolean needsLength(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }

  private static void header(StringBuilder head, String name, String value) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0
        || name.indexOf(':') >= 0) {
      throw new IllegalArgumentException("header " + name.replaceAll("[\\r\\n]", "?") + " contains a line break");
    }
    head.append(name).append(": ").append(value).append("\r\n");
  }

  private static String path(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static String hostHeader(URI uri) {
    boolean standard = uri.getPort() < 0 || uri.getPort() == RegistryHttp.defaultPort(uri.getScheme());
    return standard ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String basic(ProxyConfig proxy) {
    String pair = proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private record Head(int status, HttpHeaders headers, boolean keepAlive) {}

  private Head readHead(InputStream in, boolean reused) throws IOException {
    while (true) {
      String statusLine = readLine(in, reused);
      if (statusLine.isEmpty()) {
        continue;
      }
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
        throw new IOException("not an HTTP/1.x status line: " + excerpt(statusLine));
      }
      int status;
      try {
        status = Integer.parseInt(statusLine.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new IOException("bad HTTP status line: " + excerpt(statusLine));
      }
      Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      int total = statusLine.length();
      String line;
      while (!(line = readLine(in, false)).isEmpty()) {
        total += line.length();
        if (total > MAX_HEADERS) {
          throw new IOException("response headers larger than " + MAX_HEADERS + " bytes");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("bad HTTP header line: " + excerpt(line));
        }
        fields.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>(1)).add(line.substring(colon + 1).trim());
      }
      if (status >= 100 && status < 200) {
        continue; // interim answers (100 Continue, 103 Early Hints) precede the real one
      }
      String connectionHeader = String.join(",", fields.getOrDefault("Connection", List.of())).toLowerCase(Locale.ROOT);
      boolean keepAlive = statusLine.startsWith("HTTP/1.1")
          ? !connectionHeader.contains("close")
          : connectionHeader.contains("keep-alive");
      return new Head(status, HttpHeaders.of(fields, (a, b) -> true), keepAlive);
    }
  }

  private static String excerpt(String line) {
    String printable = line.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
  }

  /** One CRLF- (or LF-) terminated ISO-8859-1 line; EOF before its first byte means the server closed the connection. */
  private static String readLine(InputStream in, boolean firstOfReused) throws IOException {
    StringBuilder line = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("HTTP line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) c);
    }
    throw new EOFException(line.length() == 0 && firstOfReused
        ? "the server closed the idle connection" : "connection closed in the middle of the response head");
  }

  private InputStream body(Connection connection, String method, Head head) throws IOException {
    boolean noBody = method.equals("HEAD") || head.status == 204 || head.status == 304;
    String encoding = head.headers.firstValue("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT);
    if (noBody) {
      finished(connection, head.keepAlive);
      return InputStream.nullInputStream();
    }
    if (encoding.contains("chunked")) {
      return new ChunkedBody(connection, head.keepAlive);
    }
    var length = head.headers.firstValue("Content-Length");
    if (length.isPresent()) {
      long n;
      try {
        n = Long.parseLong(length.get());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + excerpt(length.get()));
      }
      if (n < 0) {
        throw new IOException("bad Content-Length: " + n);
      }
      if (n == 0) {
        finished(connection, head.keepAlive);
        return InputStream.nullInputStream();
      }
      return new FixedBody(connection, n, head.keepAlive);
    }
    return new FixedBody(connection, -1, false);
  }

  /** A connection whose response was read to its end goes back to the pool, unless the server asked to close it. */
  private void finished(Connection connection, boolean keepAlive) {
    if (!keepAlive) {
      connection.close();
      return;
    }
    connection.idleSince = System.nanoTime();
    synchronized (idle) {
      Deque<Connection> route = idle.computeIfAbsent(connection.route.key(), k -> new ArrayDeque<>());
      if (!closed && route.size() < MAX_IDLE_PER_ROUTE) {
        route.push(connection);
        return;
      }
    }
    connection.close();
  }

  private Connection takeIdle(String key) {
    List<Connection> expired = new ArrayList<>();
    Connection found = null;
    synchronized (idle) {
      Deque<Connection> route = idle.get(key);
      while (route != null && !route.isEmpty()) {
        Connection candidate = route.pop();
        if (System.nanoTime() - candidate.idleSince < MAX_IDLE_NANOS) {
          found = candidate;
          break;
        }
        expired.add(candidate);
      }
    }
    expired.forEach(Connection::close);
    return found;
  }

  private record Route(String key, String host, int port, boolean tls, boolean viaProxy) {}

  private Route route(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("not an http(s) URI: " + uri);
    }
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("URI without host: " + uri);
    }
    int port = RegistryHttp.effectivePort(uri);
    boolean viaProxy = proxy != null && !proxy.bypasses(host, port);
    String key = (viaProxy ? proxy.host() + ":" + proxy.port() + "|" : "") + scheme + "://" + host + ":" + port;
    return new Route(key, host, port, scheme.equals("https"), viaProxy);
  }

  private Connection open(Route route) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      String connectHost = route.viaProxy() ? proxy.host() : bare(route.host());
      int connectPort = route.viaProxy() ? proxy.port() : route.port();
      try {
        socket.connect(new InetSocketAddress(connectHost, connectPort), connectTimeoutMillis);
      } catch (SocketTimeoutException e) {
        throw new ConnectException("connection to " + connectHost + ":" + connectPort + " timed out after "
            + connectTimeoutMillis + " ms");
      }
      socket.setSoTimeout(readTimeoutMillis);
      if (!route.tls()) {
        return new Connection(route, socket, null, new BufferedInputStream(socket.getInputStream(), BUFFER),
            new BufferedOutputStream(socket.getOutputStream(), BUFFER));
      }
      if (route.viaProxy()) {
        tunnel(socket, route);
      }
      TlsStreams streams = new TlsStreams(engine(route), socket, NativeTls.isNative(tls));
      streams.handshake(connectTimeoutMillis);
      return new Connection(route, socket, streams, streams.input(), new BufferedOutputStream(streams.output(), BUFFER));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private SSLEngine engine(Route route) {
    String host = bare(route.host());
    SSLEngine engine = tls.createSSLEngine(host, route.port());
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    // the trust manager checks the certificate against this host, as the JDK's HTTPS clients do
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isIpLiteral(host)) {
      // set explicitly: on their own both engines leave SNI out for a name without a dot (a registry called by a short name)
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** CONNECT through the proxy; its answer is read byte by byte so that no byte of the tunnel is consumed. */
  private void tunnel(Socket socket, Route route) throws IOException {
    String authority = (route.host().indexOf(':') >= 0 && !route.host().startsWith("[") ? "[" + route.host() + "]"
        : route.host()) + ":" + route.port();
    StringBuilder connect = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
    header(connect, "Host", authority);
    if (proxy.hasCredentials()) {
      header(connect, "Proxy-Authorization", basic(proxy));
    }
    connect.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(connect.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = socket.getInputStream();
    String status = readLine(in, false);
    while (!readLine(in, false).isEmpty()) {
      // proxy headers are not needed
    }
    if (!status.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
      throw new IOException("proxy " + proxy.host() + ":" + proxy.port() + " refused the tunnel to " + authority + ": "
          + excerpt(status));
    }
  }

  /** One socket, its streams, and the route it was opened for. */
  private static final class Connection {
    final Route route;
    final Socket socket;
    final TlsStreams tls;
    final InputStream in;
    final OutputStream out;
    boolean used;
    long idleSince;

    Connection(Route route, Socket socket, TlsStreams tls, InputStream in, OutputStream out) {
      this.route = route;
      this.socket = socket;
      this.tls = tls;
      this.in = in;
      this.out = out;
    }

    void close() {
      if (tls != null) {
        tls.close();
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  /** A pooled connection failed before any answer: the server had closed it, so the request never reached it. */
  private static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;
    final transient IOException cause;

    StaleConnectionException(IOException cause) {
      super(cause.getMessage(), cause);
      this.cause = cause;
    }
  }

  /** A response body on a connection: read to its end, the connection goes back to the pool; closed early, it is closed. */
  private abstract class BodyStream extends BulkInputStream {
    final Connection connection;
    final boolean keepAlive;
    boolean done;

    BodyStream(Connection connection, boolean keepAlive) {
      this.connection = connection;
      this.keepAlive = keepAlive;
    }

    final void end(boolean complete) {
      if (!done) {
        done = true;
        if (complete) {
          finished(connection, keepAlive);
        } else {
          connection.close();
        }
      }
    }
  }

  /** A body of {@code length} bytes, or up to the end of the connection when the length is unknown (-1). */
  private final class FixedBody extends BodyStream {
    private final long length;
    private long left;

    FixedBody(Connection connection, long length, boolean keepAlive) {
      super(connection, keepAlive && length >= 0);
      this.length = length;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done || left == 0) {
        end(true);
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n;
      try {
        n = connection.in.read(b, off, length < 0 ? len : (int) Math.min(len, left));
      } catch (IOException e) {
        end(false);
        throw e;
      }
      if (n < 0) {
        end(false);
        if (length < 0) {
          return -1;
        }
        throw new EOFException("connection closed after " + (length - left) + " of " + length + " body bytes");
      }
      if (length >= 0) {
        left -= n;
        if (left == 0) {
          end(true);
        }
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return done ? 0 : (int) Math.min(connection.in.available(), length < 0 ? Integer.MAX_VALUE : left);
    }

    @Override
    public void close() {
      end(left == 0);
    }
  }

  /** A chunked body; the connection is reusable once the last chunk and the trailers are read. */
  private final class ChunkedBody extends BodyStream {
    private long chunkLeft;

    ChunkedBody(Connection connection, boolean keepAlive) {
      super(connection, keepAlive);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      try {
        if (chunkLeft == 0 && !nextChunk()) {
          return -1;
        }
        int n = connection.in.read(b, off, (int) Math.min(len, chunkLeft));
        if (n < 0) {
          throw new EOFException("connection closed inside a chunk");
        }
        chunkLeft -= n;
        if (chunkLeft == 0 && !readLine(connection.in, false).isEmpty()) {
          throw new IOException("chunk not followed by CRLF");
        }
        return n;
      } catch (IOException e) {
        end(false);
        throw e;
      }
    }

    /** Reads the next chunk's size; false after the last chunk and its trailers. */
    private boolean nextChunk() throws IOException {
      String line = readLine(connection.in, false);
      int semicolon = line.indexOf(';');
      try {
        chunkLeft = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + excerpt(line));
      }
      if (chunkLeft < 0) {
        throw new IOException("bad chunk size: " + excerpt(line));
      }
      if (chunkLeft > 0) {
        return true;
      }
      while (!readLine(connection.in, false).isEmpty()) {
        // trailers are not used
      }
      end(true);
      return false;
    }

    @Override
    public void close() {
      end(false);
    }
  }

  /** Request body framing for streams of unknown length. */
  private static final class ChunkedOutput extends OutputStream {
    private final OutputStream out;

    ChunkedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b, off, len);
        out.write(CRLF);
      }
    }

    void finish() throws IOException {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final byte[] CRLF = {'\r', '\n'};
  }

}
