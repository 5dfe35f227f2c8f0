package com.astromkey.csi.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parser for Kubernetes/Go duration strings such as {@code 10m}, {@code 1m30s} or {@code 1.5h}. */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /** The value of {@code text}; throws {@link IllegalArgumentException} for anything Go's time.ParseDuration rejects. */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty duration");
    String s = text;
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.equals("0")) return Duration.ZERO;
    Matcher m = PART.matcher(s);
    int pos = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) throw new IllegalArgumentException("invalid duration " + text);
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      pos = m.end();
    }
    if (pos == 0) throw new IllegalArgumentException("invalid duration " + text);
    Duration d = Duration.ofNanos(nanos.longValueExact());
    return negative ? d.negated() : d;
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns": return 1L;
      case "us": case "µs": return 1_000L;
      case "ms": return 1_000_000L;
      case "s": return 1_000_000_000L;
      case "m": return 60_000_000_000L;
      default: return 3_600_000_000_000L;
    }
  }
}
