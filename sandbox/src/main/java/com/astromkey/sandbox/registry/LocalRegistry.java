package com.astromkey.sandbox.registry;

import com.astromkey.sandbox.tls.SandboxCa;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real CNCF distribution registry ({@code docker-registry serve}) on a free loopback port with a generated config:
 * anonymous, htpasswd (Basic) or token (Bearer) auth, optionally TLS with a sandbox CA; stoppable and restartable.
 */
public final class LocalRegistry implements AutoCloseable {

  public enum Auth { ANONYMOUS, BASIC, TOKEN }

  public static final String REALM = "sandbox-registry";
  private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
  private static final Set<LocalRegistry> LIVE = ConcurrentHashMap.newKeySet();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(LocalRegistry::close),
        "sandbox-registry-cleanup"));
  }

  private final Path binary;
  private final Auth auth;
  private final List<RegistryUser> users;  // copy-on-write: changePassword swaps an entry while readers iterate
  private final SandboxCa ca;
  private final TokenIssuer tokenIssuer;
  private final Path dir;
  private final Path configFile;
  private final Path logFile;
  private final Path caPem;
  private int port;
  private Process process;
  private volatile long accessLogOffset;
  private boolean closed;

  private LocalRegistry(Builder b) {
    this.binary = b.binary;
    this.auth = b.auth;
    this.users = new java.util.concurrent.CopyOnWriteArrayList<>(b.users);
    try {
      this.dir = Files.createTempDirectory("sandbox-registry-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create registry temp dir", e);
    }
    LIVE.add(this);
    this.ca = b.tls ? (b.ca != null ? b.ca : SandboxCa.create("sandbox-registry-ca")) : null;
    this.tokenIssuer = auth == Auth.TOKEN ? new TokenIssuer(users, b.anonymousPull, b.tokenLifetime, b.clock) : null;
    this.configFile = dir.resolve("config.yml");
    this.logFile = dir.resolve("registry.log");
    this.caPem = ca == null ? null : ca.writeCertificatePem(dir.resolve("ca").resolve("ca.crt"));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The binary used when {@code AK_DOCKER_REGISTRY_BIN} is not set: {@code docker-registry} from the PATH, else {@code /usr/bin}. */
  public static Path defaultBinary() {
    String env = System.getenv("AK_DOCKER_REGISTRY_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "docker-registry"))) {
        return Path.of(d, "docker-registry");
      }
    }
    return Path.of("/usr/bin/docker-registry");
  }

  public static boolean binaryAvailable() {
    return Files.isExecutable(defaultBinary());
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts (or restarts after {@link #stop()}) the process on the same port and storage, and waits until {@code /v2/} answers. */
  public synchronized LocalRegistry start() {
    if (closed) {
      throw new IllegalStateException("registry is closed");
    }
    if (isRunning()) {
      return this;
    }
    if (!Files.isExecutable(binary)) {
      throw new RegistryUnavailableException(binary + " is missing or not executable", null);
    }
    boolean firstStart = port == 0;
    for (int attempt = 1; ; attempt++) {
      if (port == 0) {
        port = freePort();
      }
      writeConfig();
      try {
        process = new ProcessBuilder(binary.toString(), "serve", configFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
      } catch (IOException e) {
        throw new RegistryUnavailableException(e.getMessage(), e);
      }
      try {
        awaitReady();
        LOG.info("registry {} ({}, {}) started, storage {}", baseUri(), auth, ca == null ? "plain" : "TLS", dir);
        return this;
      } catch (RegistryUnavailableException e) {
        killProcess();
        // another process may have grabbed the port between probing and binding it
        if (firstStart && attempt < 3 && logTail().contains("address already in use")) {
          port = 0;
          continue;
        }
        throw e;
      }
    }
  }

  /** Stops the process ("registry down"); storage, port and credentials are kept for {@link #start()}. */
  public synchronized void stop() {
    killProcess();
  }

  public synchronized void restart() {
    stop();
    start();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the process, stops the token issuer and deletes the temp dir (config, storage, certificates, log). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    killProcess();
    if (tokenIssuer != null) {
      tokenIssuer.close();
    }
    deleteRecursively(dir);
    LIVE.remove(this);
  }

  // ---------------------------------------------------------------- addresses and credentials

  /** {@code 127.0.0.1:<port>}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public boolean tls() {
    return ca != null;
  }

  /** {@code http(s)://127.0.0.1:<port>} without a trailing slash. */
  public URI baseUri() {
    return URI.create((tls() ? "https" : "http") + "://" + host());
  }

  /** {@code <host>/<repository>:<tag>}. */
  public String reference(String repository, String tag) {
    return host() + "/" + repository + ":" + tag;
  }

  public Auth auth() {
    return auth;
  }

  /** PEM file of the CA that signed the registry certificate, null without TLS. */
  public Path caPem() {
    return caPem;
  }

  /** Directory holding only {@code ca.crt}, for {@code skopeo --cert-dir}; null without TLS. */
  public Path certDir() {
    return caPem == null ? null : caPem.getParent();
  }

  public SandboxCa ca() {
    return ca;
  }

  /** A client context trusting the sandbox CA (or the JDK default when the registry is plain HTTP). */
  public SSLContext clientSslContext() {
    try {
      return ca == null ? SSLContext.getDefault() : ca.clientSslContext();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<RegistryUser> users() {
    return List.copyOf(users);
  }

  public RegistryUser user(String name) {
    return users.stream().filter(u -> u.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no registry user " + name));
  }

  /** The first configured user (the one with full rights by convention), null for an anonymous registry. */
  public RegistryUser credentials() {
    return users.isEmpty() ? null : users.get(0);
  }

  /**
   * A {@code .dockerconfigjson} value ({@code {"auths":{"<host>":{"username","password","auth"}}}}) for this registry and
   * user, as a pull secret or a docker {@code config.json} holds it.
   */
  public String dockerConfigJson(RegistryUser user) {
    return dockerConfigJson(user, "");
  }

  /** As {@link #dockerConfigJson(RegistryUser)} with the entry keyed {@code <host>/<repositoryPrefix>} (path-scoped credentials). */
  public String dockerConfigJson(RegistryUser user, String repositoryPrefix) {
    String auth = java.util.Base64.getEncoder().encodeToString(user.colonForm().getBytes(StandardCharsets.UTF_8));
    var root = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    var entry = root.putObject("auths").putObject(repositoryPrefix.isEmpty() ? host() : host() + "/" + repositoryPrefix);
    entry.put("username", user.name());
    entry.put("password", user.password());
    entry.put("auth", auth);
    return root.toString();
  }

  /**
   * Basic mode: a rotated password for {@code name}. distribution reads htpasswd only at start, so a running process is
   * restarted on the same port and storage; the old password is refused from then on.
   */
  public synchronized RegistryUser changePassword(String name, String newPassword) {
    if (auth != Auth.BASIC) {
      throw new IllegalStateException("only a Basic-auth registry has passwords to change");
    }
    RegistryUser old = user(name);
    RegistryUser changed = new RegistryUser(name, newPassword, old.actions());
    users.set(users.indexOf(old), changed);
    boolean running = isRunning();
    stop();
    try {
      Files.deleteIfExists(dir.resolve("htpasswd"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (running) {
      start();
    }
    return changed;
  }

  /** The token issuer in {@link Auth#TOKEN} mode, else null. */
  public TokenIssuer tokenIssuer() {
    return tokenIssuer;
  }

  // ---------------------------------------------------------------- storage

  /** Root of the filesystem storage driver. */
  public Path storageDir() {
    return dir.resolve("data");
  }

  /** The file holding a blob's bytes inside the storage (may not exist). */
  public Path blobDataFile(String digest) {
    String hex = digest.substring(digest.indexOf(':') + 1);
    return storageDir().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
  }

  /**
   * Overwrites a stored blob's bytes behind the registry's back, so it serves content that does not match the digest it is
   * addressed by (the registry verifies digests only on upload). Keep the length equal: the registry caches the size.
   */
  public void replaceBlobContent(String digest, byte[] bytes) {
    Path f = blobDataFile(digest);
    if (!Files.isRegularFile(f)) {
      throw new IllegalArgumentException("blob " + digest + " is not stored in this registry");
    }
    try {
      Files.write(f, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- access log

  /**
   * Requests logged since start or the last {@link #clearAccessLog()}, in completion order. The registry writes a line after
   * the response, so a request the client has just seen may appear a few milliseconds later: see {@link #awaitAccessLog}.
   */
  public List<AccessLogEntry> accessLog() {
    return parseLog(accessLogOffset);
  }

  /** Waits up to 5 s until some logged entry matches, and returns the log at that moment. */
  public List<AccessLogEntry> awaitAccessLog(Predicate<AccessLogEntry> match) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      List<AccessLogEntry> log = accessLog();
      if (log.stream().anyMatch(match) || System.nanoTime() > deadline) {
        return log;
      }
      sleep(20);
    }
  }

  /** Forgets the entries logged so far (useful when one registry serves a whole test class). */
  public void clearAccessLog() {
    try {
      accessLogOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The raw registry log (JSON lines, debug level), for diagnosing failures. */
  public Path logFile() {
    return logFile;
  }

  private List<AccessLogEntry> parseLog(long offset) {
    if (!Files.exists(logFile)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
      f.seek(offset);
      byte[] rest = new byte[(int) (f.length() - offset)];
      f.readFully(rest);
      String text = new String(rest, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      if (end >= 0) {
        lines.addAll(List.of(text.substring(0, end).split("\n")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AccessLogParser.parse(lines);
  }

  // ---------------------------------------------------------------- internals

  private void writeConfig() {
    StringBuilder y = new StringBuilder();
    y.append("version: 0.1\n");
    // debug level is what makes the registry log auth.user.name for successful requests
    y.append("log: {level: debug, formatter: json, accesslog: {disabled: true}}\n");
    y.append("storage:\n");
    y.append("  filesystem: {rootdirectory: ").append(q(storageDir())).append("}\n");
    y.append("  delete: {enabled: true}\n");
    y.append("  maintenance: {uploadpurging: {enabled: false}}\n");
    y.append("http:\n");
    y.append("  addr: 127.0.0.1:").append(port).append('\n');
    y.append("  secret: ").append(randomHex()).append('\n');
    if (ca != null) {
      Path cert = dir.resolve("tls/server.crt");
      Path key = dir.resolve("tls/server.key");
      if (!Files.exists(cert)) {
        ca.issueServerCertificate().writePem(cert, key);
      }
      y.append("  tls: {certificate: ").append(q(cert)).append(", key: ").append(q(key)).append("}\n");
    }
    if (auth == Auth.BASIC) {
      Path htpasswd = dir.resolve("htpasswd");
      writeHtpasswd(htpasswd);
      y.append("auth:\n  htpasswd: {realm: ").append(REALM).append(", path: ").append(q(htpasswd)).append("}\n");
    } else if (auth == Auth.TOKEN) {
      Path bundle = tokenIssuer.writeRootCertBundle(dir.resolve("token/rootcert.pem"));
      y.append("auth:\n  token:\n");
      y.append("    realm: ").append(tokenIssuer.realm()).append('\n');
      y.append("    service: ").append(tokenIssuer.service()).append('\n');
      y.append("    issuer: ").append(tokenIssuer.issuer()).append('\n');
      y.append("    rootcertbundle: ").append(q(bundle)).append('\n');
    }
    try {
      Files.writeString(configFile, y.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeHtpasswd(Path file) {
    if (Files.exists(file)) {
      return;
    }
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (RegistryUser u : users) {
      byte[] salt = new byte[16];
      random.nextBytes(salt);
      // the registry accepts bcrypt entries only; cost 5 keeps each Basic request cheap
      sb.append(u.name()).append(':').append(OpenBSDBCrypt.generate("2y", u.password().toCharArray(), salt, 5)).append('\n');
    }
    try {
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    HttpClient client = HttpClient.newBuilder().sslContext(clientSslContext()).connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUri() + "/v2/")).timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new RegistryUnavailableException("process exited with " + process.exitValue() + ": " + logTail(), null);
      }
      try {
        client.send(probe, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        last = e;
        sleep(15);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException("interrupted while waiting for /v2/", e);
      }
    }
    throw new RegistryUnavailableException("/v2/ did not answer within " + READY_TIMEOUT.toSeconds() + " s: " + logTail(), last);
  }

  private void killProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private String logTail() {
    try {
      if (!Files.exists(logFile)) {
        return "(no output)";
      }
      List<String> lines = Files.readAllLines(logFile);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String q(Path p) {
    return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String randomHex() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", root, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "LocalRegistry[" + baseUri() + ", " + auth + (tls() ? ", TLS" : "") + "]";
  }

  /** Configures and starts a {@link LocalRegistry}. */
  public static final class Builder {
    private Path binary = defaultBinary();
    private Auth auth = Auth.ANONYMOUS;
    private final List<RegistryUser> users = new ArrayList<>();
    private boolean tls;
    private SandboxCa ca;
    private boolean anonymousPull;
    private Duration tokenLifetime = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder binary(Path binary) {
      this.binary = binary;
      return this;
    }

    /** htpasswd (Basic) auth; every listed user may pull and push. */
    public Builder basicAuth(RegistryUser... users) {
      this.auth = Auth.BASIC;
      this.users.clear();
      this.users.addAll(List.of(users));
      return this;
    }

    /** Token (Bearer) auth through a sandbox {@link TokenIssuer}; each user gets at most its {@link RegistryUser#actions()}. */
    public Builder tokenAuth(RegistryUser... users) {
      this.auth = Auth.TOKEN;
      this.users.clear();
      this.users.addAll(List.of(users));
      return this;
    }

    /** Token mode: anonymous token requests are granted {@code pull} (default: nothing). */
    public Builder anonymousPull(boolean anonymousPull) {
      this.anonymousPull = anonymousPull;
      return this;
    }

    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime = lifetime;
      return this;
    }

    /** Clock of the token issuer ({@code iat}, {@code nbf}, {@code exp}); the registry itself checks against real time. */
    public Builder tokenClock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** HTTPS with a fresh sandbox CA. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** HTTPS with a server certificate issued by the given CA (shared with other sandbox servers). */
    public Builder tls(SandboxCa ca) {
      this.tls = true;
      this.ca = ca;
      return this;
    }

    /** Creates the temp dir and starts the process; on failure everything is cleaned up. */
    public LocalRegistry start() {
      LocalRegistry r = new LocalRegistry(this);
      try {
        return r.start();
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
    }
  }
}
