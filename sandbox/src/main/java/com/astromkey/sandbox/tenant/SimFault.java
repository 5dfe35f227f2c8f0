package com.astromkey.sandbox.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One injected fault (tenant-api.md §5.3): what it matches (method, path regex, token kind), what it does, and how
 * many more times it applies ({@code -1} = unlimited).
 */
public final class SimFault {
  /** The fault kinds of §5.3, plus {@code redirect} for the client's redirect handling. */
  public enum Kind {
    STATUS, SLOW, MALFORMED_JSON, EMPTY_MODEL, RESET, TRUNCATED_BODY, REDIRECT;

    @JsonCreator
    public static Kind parse(String s) {
      // JSON uses the spec's camelCase names: "malformedJson", "truncatedBody"
      return Kind.valueOf(s.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
  }

  private final String method;
  private final Pattern pathRegex;
  private final String tokenKind;
  private final Kind kind;
  private final Map<String, Object> params;
  private int remaining;

  private SimFault(String method, String pathRegex, String tokenKind, Kind kind, Map<String, Object> params, int times) {
    this.method = method;
    this.pathRegex = Pattern.compile(pathRegex);
    this.tokenKind = tokenKind;
    this.kind = kind;
    this.params = new LinkedHashMap<>(params);
    this.remaining = times;
  }

  /** {@code {match:{method?, pathRegex, tokenKind?}, kind, params, times}}; times absent = unlimited. */
  @JsonCreator
  public static SimFault fromJson(@JsonProperty("match") Map<String, String> match, @JsonProperty("kind") Kind kind,
      @JsonProperty("params") Map<String, Object> params, @JsonProperty("times") Integer times) {
    Map<String, String> m = match == null ? Map.of() : match;
    return new SimFault(m.get("method"), m.getOrDefault("pathRegex", ".*"), m.get("tokenKind"), kind,
        params == null ? Map.of() : params, times == null ? -1 : times);
  }

  /** Respond with {@code code} and an error body of tenant-api.md §4. */
  public static Builder status(int code) {
    return new Builder(Kind.STATUS).param("code", code);
  }

  /** Wait before the status line. */
  public static Builder slow(long delayMs) {
    return new Builder(Kind.SLOW).param("delayMs", delayMs);
  }

  /** Send the body in chunks with {@code delayMs} between them. */
  public static Builder slowBody(long delayMs) {
    return new Builder(Kind.SLOW).param("delayMs", delayMs).param("chunked", true);
  }

  public static Builder malformedJson() {
    return new Builder(Kind.MALFORMED_JSON);
  }

  public static Builder emptyModel() {
    return new Builder(Kind.EMPTY_MODEL);
  }

  /** Close the connection without any response byte. */
  public static Builder reset() {
    return new Builder(Kind.RESET);
  }

  /** Announce the full Content-Length, send half, close. */
  public static Builder truncatedBody() {
    return new Builder(Kind.TRUNCATED_BODY);
  }

  /** Answer {@code code} (302 if 0) with {@code Location: location}. */
  public static Builder redirect(int code, String location) {
    return new Builder(Kind.REDIRECT).param("code", code == 0 ? 302 : code).param("location", location);
  }

  public Kind kind() {
    return kind;
  }

  public Map<String, Object> params() {
    return Map.copyOf(params);
  }

  synchronized boolean matches(String reqMethod, String path, String reqTokenKind) {
    return remaining != 0
        && (method == null || method.equalsIgnoreCase(reqMethod))
        && (tokenKind == null || tokenKind.equalsIgnoreCase(reqTokenKind))
        && pathRegex.matcher(path).matches();
  }

  /** Uses one application; false when another thread used the last one first. */
  synchronized boolean consume() {
    if (remaining == 0) {
      return false;
    }
    if (remaining > 0) {
      remaining--;
    }
    return true;
  }

  synchronized int remaining() {
    return remaining;
  }

  int intParam(String name, int dflt) {
    Object v = params.get(name);
    return v == null ? dflt : Integer.parseInt(v.toString());
  }

  long longParam(String name, long dflt) {
    Object v = params.get(name);
    return v == null ? dflt : Long.parseLong(v.toString());
  }

  String stringParam(String name) {
    Object v = params.get(name);
    return v == null ? null : v.toString();
  }

  boolean boolParam(String name) {
    return Boolean.parseBoolean(String.valueOf(params.get(name)));
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + params;
  }

  /** Fluent construction: {@code SimFault.status(429).retryAfter("90").on("GET", ".*metainfo").times(1)}. */
  public static final class Builder {
    private final Kind kind;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private String method;
    private String pathRegex = ".*";
    private String tokenKind;
    private int times = -1;

    private Builder(Kind kind) {
      this.kind = kind;
    }

    public Builder param(String name, Object value) {
      params.put(name, value);
      return this;
    }

    public Builder retryAfter(String value) {
      return param("retryAfter", value);
    }

    /** Matches requests whose path (including the {@code /api} prefix) matches {@code pathRegex} fully. */
    public Builder on(String method, String pathRegex) {
      this.method = method;
      this.pathRegex = pathRegex;
      return this;
    }

    public Builder onPath(String pathRegex) {
      return on(null, pathRegex);
    }

    /** {@code api}, {@code paas}, {@code unknown} or {@code none}. */
    public Builder tokenKind(String kind) {
      this.tokenKind = kind;
      return this;
    }

    public Builder times(int n) {
      this.times = n;
      return this;
    }

    public Builder once() {
      return times(1);
    }

    public SimFault build() {
      return new SimFault(method, pathRegex, tokenKind, kind, params, times);
    }
  }
}
