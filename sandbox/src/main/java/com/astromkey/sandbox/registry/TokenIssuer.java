package com.astromkey.sandbox.registry;

import com.astromkey.sandbox.tls.SandboxCa;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * Loopback token server for the registry's token auth mode: checks Basic credentials (or an OAuth2 refresh token) and issues
 * ES256 JWTs (header {@code x5c} = issuer certificate) granting each requested action only if the user may perform it.
 */
public final class TokenIssuer implements AutoCloseable {

  public static final String ISSUER = "sandbox-token-issuer";
  public static final String SERVICE = "sandbox-registry";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, RegistryUser> users = new LinkedHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final SandboxCa signer = SandboxCa.create(ISSUER);
  private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
  private final boolean anonymousPull;
  private volatile Clock clock;
  private volatile Duration lifetime;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sandbox-token-issuer");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param anonymousPull whether requests without credentials get {@code pull} (otherwise they get an empty grant)
   */
  public TokenIssuer(List<RegistryUser> users, boolean anonymousPull, Duration lifetime, Clock clock) {
    users.forEach(u -> this.users.put(u.name(), u));
    this.anonymousPull = anonymousPull;
    this.lifetime = lifetime;
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    for (RegistryUser u : users) {
      byte[] b = new byte[24];
      random.nextBytes(b);
      refreshTokens.put(B64URL.encodeToString(b), u.name());
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start token issuer", e);
    }
    server.createContext("/token", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public TokenIssuer(List<RegistryUser> users) {
    this(users, false, Duration.ofMinutes(5), Clock.systemUTC());
  }

  /** The realm announced in the registry's {@code WWW-Authenticate: Bearer} challenge (plain HTTP on loopback). */
  public URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  public String service() {
    return SERVICE;
  }

  public String issuer() {
    return ISSUER;
  }

  /** The certificate that signs the tokens; the registry's {@code rootcertbundle} must list it. */
  public String certificatePem() {
    return signer.certificatePem();
  }

  public Path writeRootCertBundle(Path file) {
    return signer.writeCertificatePem(file);
  }

  /** The OAuth2 refresh token ("identitytoken" in a docker config) that authenticates {@code user} at {@code POST /token}. */
  public String refreshToken(String user) {
    return refreshTokens.entrySet().stream().filter(e -> e.getValue().equals(user)).map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown user " + user));
  }

  /** Token lifetime ({@code expires_in}) for tokens issued from now on. */
  public void setLifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }

  /** Clock for tokens issued from now on; one in the past yields tokens the registry already considers expired. */
  public void setClock(Clock clock) {
    this.clock = clock;
  }

  /** Every token request so far, in arrival order (credentials are not recorded). */
  public List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      parseForm(ex.getRequestURI().getRawQuery(), params);
      String method = ex.getRequestMethod();
      String grantType = "basic";
      String user = null;
      boolean authenticated = true;
      if ("POST".equals(method)) {
        parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
        grantType = first(params, "grant_type");
        if ("refresh_token".equals(grantType)) {
          user = refreshTokens.get(String.valueOf(first(params, "refresh_token")));
          authenticated = user != null;
        } else if ("password".equals(grantType)) {
          user = first(params, "username");
          authenticated = passwordMatches(user, first(params, "password"));
        } else {
          authenticated = false;
        }
      } else {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
          String[] cred = decodeBasic(auth);
          user = cred == null ? null : cred[0];
          authenticated = cred != null && passwordMatches(cred[0], cred[1]);
        } else {
          grantType = "anonymous";
        }
      }
      List<String> scopes = new ArrayList<>();
      for (String s : params.getOrDefault("scope", List.of())) {
        for (String part : s.split(" ")) {
          if (!part.isBlank()) {
            scopes.add(part);
          }
        }
      }
      String service = first(params, "service");
      if (!authenticated || (service != null && !SERVICE.equals(service))) {
        requests.add(new TokenRequest(method, grantType, user, service, List.copyOf(scopes), List.of(), 401));
        byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication failed\"}]}"
            .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + ISSUER + "\"");
        ex.sendResponseHeaders(401, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      List<Grant> granted = grant(user, scopes);
      requests.add(new TokenRequest(method, grantType, user, service, List.copyOf(scopes), granted, 200));
      Instant now = clock.instant();
      String jwt = jwt(user == null ? "" : user, granted, now);
      ObjectNode resp = JSON.createObjectNode();
      resp.put("token", jwt);
      resp.put("access_token", jwt);
      resp.put("expires_in", lifetime.toSeconds());
      resp.put("issued_at", now.toString());
      if ("POST".equals(method) && user != null) {
        resp.put("refresh_token", refreshToken(user));
      }
      byte[] body = JSON.writeValueAsBytes(resp);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private boolean passwordMatches(String user, String password) {
    RegistryUser u = user == null ? null : users.get(user);
    return u != null && password != null
        && MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }

  private List<Grant> grant(String user, List<String> scopes) {
    Set<String> allowed = user == null ? (anonymousPull ? Set.of("pull") : Set.of()) : users.get(user).actions();
    Map<String, Grant> byResource = new LinkedHashMap<>();
    for (String scope : scopes) {
      int first = scope.indexOf(':');
      int last = scope.lastIndexOf(':');
      if (first < 0 || last <= first) {
        continue;
      }
      String type = scope.substring(0, first);
      String name = scope.substring(first + 1, last);
      Set<String> actions = new LinkedHashSet<>();
      for (String a : scope.substring(last + 1).split(",")) {
        boolean ok = "repository".equals(type) ? allowed.contains(a) || ("*".equals(a) && allowed.contains("push"))
            : "registry".equals(type) && "catalog".equals(name) && allowed.contains("push");
        if (ok) {
          actions.add(a);
        }
      }
      Grant previous = byResource.get(type + ":" + name);
      if (previous != null) {
        actions.addAll(previous.actions());
      }
      byResource.put(type + ":" + name, new Grant(type, name, List.copyOf(actions)));
    }
    return List.copyOf(byResource.values());
  }

  private String jwt(String subject, List<Grant> access, Instant now) {
    try {
      ObjectNode header = JSON.createObjectNode();
      header.put("typ", "JWT");
      header.put("alg", "ES256");
      header.putArray("x5c").add(Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
      ObjectNode claims = JSON.createObjectNode();
      claims.put("iss", ISSUER);
      claims.put("sub", subject);
      claims.put("aud", SERVICE);
      claims.put("exp", now.plus(lifetime).getEpochSecond());
      claims.put("nbf", now.minusSeconds(1).getEpochSecond());
      claims.put("iat", now.getEpochSecond());
      claims.put("jti", UUID.randomUUID().toString());
      ArrayNode acc = claims.putArray("access");
      for (Grant g : access) {
        ObjectNode o = acc.addObject();
        o.put("type", g.type());
        o.put("name", g.name());
        g.actions().forEach(o.putArray("actions")::add);
      }
      String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
          + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
      // JWS wants the raw r||s form, which the JDK produces under this algorithm name
      Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
      sig.initSign(signer.privateKey());
      sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(sig.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  private static String[] decodeBasic(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static void parseForm(String raw, Map<String, List<String>> into) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
  }

  private static String first(Map<String, List<String>> params, String key) {
    List<String> v = params.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** One {@code access} entry of a token. */
  public record Grant(String type, String name, List<String> actions) {}

  /**
   * A token request as the issuer saw it: {@code grantType} is {@code basic}, {@code anonymous}, {@code password} or
   * {@code refresh_token}; {@code user} is null for anonymous requests; status 200 or 401.
   */
  public record TokenRequest(String method, String grantType, String user, String service, List<String> scopes,
      List<Grant> granted, int status) {}
}
