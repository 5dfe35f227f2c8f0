package com.astromkey.oci.auth;

import com.astromkey.oci.Repository;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.keychain.KeychainEntry;
import com.astromkey.oci.keychain.RegistryCredential;
import com.astromkey.oci.transport.RegistryHttp;
import com.astromkey.oci.transport.RegistryRequest;
import com.astromkey.oci.transport.RegistryResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import com.astromkey.oci.transport.RequestBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticated requests to one repository (registry.md §3–§4): anonymous or cached-token first, then on 401 Basic or the
 * Bearer token flow, walking the keychain candidates and finally anonymous access. Not thread-safe; one per operation.
 */
public final class RegistrySession {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrySession.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TOKEN_RESPONSE_LIMIT = 1 << 20;
  private static final String ANONYMOUS = "anonymous";

  private final RegistryHttp http;
  private final TokenCache cache;
  private final Repository repository;
  private final List<KeychainEntry> candidates;
  private final Set<String> scopes;
  private int chosen = -1;
  private boolean decided;
  private String lastToken;
  private TokenCache.Key lastTokenKey;

  public RegistrySession(RegistryHttp http, TokenCache cache, Repository repository, List<KeychainEntry> candidates,
      Set<String> scopes) {
    this.http = http;
    this.cache = cache;
    this.repository = repository;
    this.candidates = List.copyOf(candidates);
    this.scopes = new LinkedHashSet<>(scopes);
  }

  /** Scope for pulling from a repository. */
  public static String pullScope(String path) {
    return "repository:" + path + ":pull";
  }

  /** Scope for pushing to a repository (mirror destination). */
  public static String pushScope(String path) {
    return "repository:" + path + ":pull,push";
  }

  public Repository repository() {
    return repository;
  }

  /** Where the credentials in use came from ({@code secret <name>, key <key>} or {@code anonymous}). */
  public String credentialSource() {
    return chosen >= 0 ? candidates.get(chosen).source() : ANONYMOUS;
  }

  /** The backoff for retries that happen above single requests (blob resumes). */
  public com.astromkey.oci.transport.RetryPolicy retryPolicy() {
    return http.config().retryPolicy();
  }

  /** {@code registry <domain>, repository <path>}: the prefix of every error message. */
  public String context() {
    return "registry " + repository.domain() + ", repository " + repository.path();
  }

  /** {@code <scheme>://<endpoint>/v2/<path>/<suffix>}. */
  public URI repositoryUri(String suffix) {
    return URI.create(http.baseUri(repository.endpoint()) + "/v2/" + repository.path() + "/" + suffix);
  }

  public RegistryRequest request(String method, URI uri) {
    return new RegistryRequest(method, uri, Map.of(), null, true, context());
  }

  /** Sends with authentication; returns every status except an authentication failure, which becomes Unauthorized/Denied. */
  public RegistryResponse send(RegistryRequest request) throws RegistryException {
    Optional<Challenge> known = cache.challenge(repository.endpoint());
    String authorization = null;
    if (known.isPresent()) {
      try {
        authorization = authorize(known.get(), decided ? chosen : firstCandidate(), false);
      } catch (CandidateRejected e) {
        authorization = null; // fall through to the full challenge walk below
      }
    }
    RegistryResponse response = http.exchange(request.withHeader("Authorization", authorization));
    // a 403 to credentials may mean "wrong account": the next candidate might be allowed
    if (response.status() != 401 && !(response.status() == 403 && authorization != null)) {
      if (known.isPresent() && !decided) {
        decided = true;
        chosen = firstCandidate();
      }
      return response;
    }
    Challenge challenge = challengeOf(response).orElse(known.orElse(null));
    int firstStatus = response.status();
    response.close();
    if (lastTokenKey != null && authorization != null && authorization.equals("Bearer " + lastToken)) {
      cache.invalidate(lastTokenKey); // §4: drop the token, get a new one, retry once
    }
    if (challenge == null) {
      throw failure(firstStatus, List.of(ANONYMOUS + " (" + firstStatus + ", no WWW-Authenticate challenge)"));
    }
    cache.rememberChallenge(repository.endpoint(), challenge);
    if (!request.repeatableBody()) {
      throw failure(firstStatus, List.of(credentialSource() + " (" + firstStatus + ")"));
    }
    List<String> tried = new ArrayList<>();
    int start = decided ? chosen : 0;
    int lastStatus = firstStatus;
    for (int index : order(start)) {
      String header;
      try {
        header = authorize(challenge, index, true);
      } catch (CandidateRejected e) {
        tried.add(sourceOf(index) + " (" + e.getMessage() + ")");
        continue;
      }
      if (header == null) {
        tried.add(ANONYMOUS + " (" + firstStatus + ")");
        continue; // no Authorization under a Basic challenge cannot succeed
      }
      RegistryResponse retry = http.exchange(request.withHeader("Authorization", header));
      if (retry.status() == 401 || retry.status() == 403) {
        lastStatus = retry.status();
        tried.add(sourceOf(index) + " (" + retry.status() + ")");
        retry.close();
        continue;
      }
      if (!decided || chosen != index) {
        LOG.debug("{}: using {}", context(), sourceOf(index));
      }
      decided = true;
      chosen = index;
      return retry;
    }
    throw failure(lastStatus, tried);
  }

  /** Maps an unexpected status to a typed error naming registry, repository, what was asked and the cause. */
  public RegistryException unexpected(RegistryResponse response, String what) {
    int status = response.status();
    String excerpt = response.errorExcerpt();
    response.close();
    Reason reason = switch (status) {
      case 401 -> Reason.UNAUTHORIZED;
      case 403 -> Reason.DENIED;
      case 404 -> Reason.NOT_FOUND;
      case 500, 502, 503, 504, 408, 429 -> Reason.SERVER_ERROR;
      default -> Reason.PROTOCOL;
    };
    String label = switch (status) {
      case 404 -> "404 not found";
      case 401 -> "401 authentication required";
      case 403 -> "403 access denied";
      default -> "HTTP " + status;
    };
    return new RegistryException(reason, context() + ": " + what + ": " + label
        + (excerpt.isEmpty() ? "" : " (" + excerpt + ")"));
  }

  private RegistryException failure(int status, List<String> tried) {
    String what = status == 403
        ? "403 access denied"
        : "401 authentication required";
    return new RegistryException(status == 403 ? Reason.DENIED : Reason.UNAUTHORIZED,
        context() + ": " + what + "; tried " + String.join(", ", tried));
  }

  private int firstCandidate() {
    return candidates.isEmpty() ? -1 : 0;
  }

  /** Candidates from {@code start}, then anonymous (index −1) last. */
  private List<Integer> order(int start) {
    List<Integer> order = new ArrayList<>();
    for (int i = Math.max(start, 0); i < candidates.size(); i++) {
      order.add(i);
    }
    order.add(-1);
    return order;
  }

  private String sourceOf(int index) {
    return index < 0 ? ANONYMOUS : candidates.get(index).source();
  }

  private static Optional<Challenge> challengeOf(RegistryResponse response) {
    List<Challenge> all = Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
    return all.stream().filter(Challenge::isBearer).findFirst().or(() -> all.stream().filter(Challenge::isBasic).findFirst());
  }

  /**
   * The Authorization header value for a candidate under a challenge, or null for anonymous Basic access. {@code fresh}
   * means the challenge answered this very request: then a new token is fetched and the challenge's scope joins ours; a
   * remembered challenge may come from another repository, so its scope is ignored.
   */
  private String authorize(Challenge challenge, int index, boolean fresh) throws RegistryException, CandidateRejected {
    RegistryCredential credential = index < 0 ? null : candidates.get(index).credential();
    lastToken = null;
    lastTokenKey = null;
    if (challenge.isBasic()) {
      if (credential == null || !credential.hasBasic()) {
        if (credential != null) {
          throw new CandidateRejected("no user name and password for Basic authentication");
        }
        return null;
      }
      URI base = http.baseUri(repository.endpoint());
      if (!"https".equals(base.getScheme()) && !repository.isLoopback()) {
        throw new CandidateRejected("credentials are not sent over plain HTTP");
      }
      return basic(credential.username(), credential.password());
    }
    if (!challenge.isBearer()) {
      throw new CandidateRejected("unsupported authentication scheme " + challenge.scheme());
    }
    if (credential != null && credential.hasRegistryToken()) {
      return "Bearer " + credential.registryToken();
    }
    Set<String> requested = new LinkedHashSet<>(scopes);
    String challengeScope = challenge.parameter("scope");
    if (fresh && challengeScope != null && !challengeScope.isBlank()) {
      requested.addAll(List.of(challengeScope.split(" ")));
    }
    String identity = credential == null ? ANONYMOUS : credential.source() + "|" + credential.username();
    TokenCache.Key key = TokenCache.Key.of(repository.endpoint(), identity, requested);
    Optional<String> cached = cache.get(key);
    String token;
    if (cached.isPresent() && !fresh) {
      token = cached.get();
    } else {
      token = fetchToken(challenge, credential, key);
    }
    lastToken = token;
    lastTokenKey = key;
    return "Bearer " + token;
  }

  private String fetchToken(Challenge challenge, RegistryCredential credential, TokenCache.Key key)
      throws RegistryException, CandidateRejected {
    String realm = challenge.parameter("realm");
    if (realm == null || realm.isBlank()) {
      throw new RegistryException(Reason.PROTOCOL, context() + ": Bearer challenge without realm");
    }
    URI realmUri = URI.create(realm);
    boolean realmLoopback = realmUri.getHost() != null && RegistryHttp.isLoopback(realmUri.getHost());
    boolean realmHttps = "https".equalsIgnoreCase(realmUri.getScheme());
    if (!realmHttps && !realmLoopback) {
      throw new RegistryException(Reason.PROTOCOL, context() + ": token realm " + realmUri.getHost()
          + " is not HTTPS");
    }
    boolean sameHost = realmUri.getHost() != null && realmUri.getHost().equalsIgnoreCase(repository.host());
    // credentials never travel to a plain-HTTP realm on another host
    RegistryCredential usable = realmHttps || sameHost ? credential : null;
    if (credential != null && usable == null) {
      throw new CandidateRejected("credentials are not sent to a plain-HTTP token realm on another host");
    }
    StringBuilder query = new StringBuilder();
    String service = challenge.parameter("service");
    if (service != null) {
      query.append("service=").append(encode(service));
    }
    for (String scope : key.scopes()) {
      query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
    }
    RegistryRequest request;
    if (usable != null && usable.hasIdentityToken()) {
      String form = "grant_type=refresh_token&refresh_token=" + encode(usable.identityToken())
          + "&client_id=astromkey-operator" + (query.length() == 0 ? "" : "&" + query);
      request = new RegistryRequest("POST", realmUri, Map.of("Content-Type", "application/x-www-form-urlencoded"),
          RequestBody.ofString(form), true, context() + ", token realm " + realmUri.getHost());
    } else {
      URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
      request = RegistryRequest.get(uri, context() + ", token realm " + realmUri.getHost());
      if (usable != null && usable.hasBasic()) {
        request = request.withHeader("Authorization", basic(usable.username(), usable.password()));
      }
    }
    cache.countTokenRequest();
    try (RegistryResponse response = http.exchange(request)) {
      if (response.status() == 401 || response.status() == 403) {
        throw new CandidateRejected("token realm answered " + response.status());
      }
      if (response.status() != 200) {
        throw new RegistryException(Reason.PROTOCOL, context() + ": token realm " + realmUri.getHost()
            + " answered " + response.status() + " " + response.errorExcerpt());
      }
      JsonNode body = JSON.readTree(response.readBody(TOKEN_RESPONSE_LIMIT));
      String token = text(body, "token");
      if (token == null) {
        token = text(body, "access_token");
      }
      if (token == null || token.isEmpty()) {
        throw new RegistryException(Reason.PROTOCOL, context() + ": token realm answered without a token");
      }
      JsonNode expires = body.get("expires_in");
      Duration expiresIn = expires != null && expires.canConvertToLong() ? Duration.ofSeconds(expires.asLong()) : null;
      cache.put(key, token, expiresIn, issuedAt(text(body, "issued_at")));
      LOG.debug("{}: token obtained for scopes {} ({})", context(), key.scopes(),
          credential == null ? ANONYMOUS : credential.source());
      return token;
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      throw new RegistryException(Reason.PROTOCOL, context() + ": unreadable token response: " + e.getMessage(), e);
    }
  }

  private static Instant issuedAt(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The current keychain candidate cannot authenticate; the next one is tried. */
  private static final class CandidateRejected extends Exception {
    CandidateRejected(String reason) {
      super(reason, null, false, false);
    }
  }
}
