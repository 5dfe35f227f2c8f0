package com.astromkey.oci.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One {@code WWW-Authenticate} challenge (scheme and parameters), parsed per RFC 7235. */
public record Challenge(String scheme, Map<String, String> parameters) {

  public boolean isBearer() {
    return "bearer".equalsIgnoreCase(scheme);
  }

  public boolean isBasic() {
    return "basic".equalsIgnoreCase(scheme);
  }

  public String parameter(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  /** Parses every challenge of every header value; unparseable trailing garbage is ignored, not fatal. */
  public static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> result = new ArrayList<>();
    for (String value : headerValues) {
      result.addAll(parse(value));
    }
    return result;
  }

  static List<Challenge> parse(String header) {
    List<Challenge> challenges = new ArrayList<>();
    Parser p = new Parser(header);
    String scheme = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (true) {
      p.skipSpacesAndCommas();
      if (p.atEnd()) {
        break;
      }
      String token = p.token();
      if (token.isEmpty()) {
        p.pos++; // skip a stray character rather than loop forever
        continue;
      }
      p.skipSpaces();
      if (!p.atEnd() && p.peek() == '=' && scheme != null) {
        p.pos++;
        p.skipSpaces();
        String value = !p.atEnd() && p.peek() == '"' ? p.quoted() : p.token();
        params.put(token.toLowerCase(Locale.ROOT), value);
      } else {
        if (scheme != null) {
          challenges.add(new Challenge(scheme, Map.copyOf(params)));
        }
        scheme = token;
        params = new LinkedHashMap<>();
      }
    }
    if (scheme != null) {
      challenges.add(new Challenge(scheme, Map.copyOf(params)));
    }
    return challenges;
  }

  /** Cursor over one header value. */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s == null ? "" : s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return s.charAt(pos);
    }

    void skipSpaces() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
        pos++;
      }
    }

    void skipSpacesAndCommas() {
      while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
        pos++;
      }
    }

    String token() {
      int start = pos;
      while (!atEnd()) {
        char c = peek();
        if (c == ' ' || c == '\t' || c == ',' || c == '=' || c == '"') {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    String quoted() {
      StringBuilder sb = new StringBuilder();
      pos++; // opening quote
      while (!atEnd()) {
        char c = s.charAt(pos++);
        if (c == '\\' && !atEnd()) {
          sb.append(s.charAt(pos++));
        } else if (c == '"') {
          break;
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
  }
}
