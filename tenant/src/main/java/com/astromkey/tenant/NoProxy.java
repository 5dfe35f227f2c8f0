package com.astromkey.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The no-proxy list of FF {@code no-proxy}: exact hosts, {@code .suffix} entries or {@code *}. */
public final class NoProxy {
  private final List<String> entries;

  private NoProxy(List<String> entries) {
    this.entries = List.copyOf(entries);
  }

  public static NoProxy none() {
    return new NoProxy(List.of());
  }

  /** Comma list as written in the feature flag; blanks are ignored, case does not matter. */
  public static NoProxy parse(String commaList) {
    if (commaList == null) {
      return none();
    }
    return of(List.of(commaList.split(",")));
  }

  public static NoProxy of(List<String> hosts) {
    List<String> cleaned = new ArrayList<>();
    for (String h : hosts) {
      String e = h.strip().toLowerCase(Locale.ROOT);
      // "[::1]" and "::1" name the same host; URIs give the bracketed form
      if (e.startsWith("[") && e.endsWith("]")) {
        e = e.substring(1, e.length() - 1);
      }
      if (!e.isEmpty()) {
        cleaned.add(e);
      }
    }
    return new NoProxy(cleaned);
  }

  public List<String> entries() {
    return entries;
  }

  /** True when requests to {@code host} must bypass the proxy. */
  public boolean matches(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    for (String e : entries) {
      if (e.equals("*") || e.equals(h)) {
        return true;
      }
      // ".example.com" covers example.com itself and every subdomain, as curl and Go do
      if (e.startsWith(".") && (h.endsWith(e) || h.equals(e.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return String.join(",", entries);
  }
}
