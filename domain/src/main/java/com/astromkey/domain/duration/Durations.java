package com.astromkey.domain.duration;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration syntax used in env variables, feature flags and CSI volume attributes: {@code 30s}, {@code 15m}, {@code 1h30m}, {@code 500ms}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");
  private static final String[] UNITS = {"h", "m", "s", "ms"};

  private Durations() {}

  /**
   * Parses a sequence of number-unit parts with units {@code h}, {@code m}, {@code s}, {@code ms}, each at most once and
   * from larger to smaller; a bare {@code 0} is zero.
   */
  public static Duration parse(String text) throws DurationFormatException {
    if (text == null || text.isBlank()) {
      throw new DurationFormatException("duration is empty; use e.g. 30s, 15m, 1h30m or 500ms");
    }
    String trimmed = text.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    Matcher matcher = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int position = 0;
    int lastUnit = -1;
    while (position < trimmed.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw invalid(text);
      }
      int unit = unitIndex(matcher.group(2));
      if (unit <= lastUnit) {
        throw new DurationFormatException("'" + text + "' is not a duration: units must appear once each, largest first"
            + " (h, m, s, ms)");
      }
      lastUnit = unit;
      try {
        total = total.plus(amount(Long.parseLong(matcher.group(1)), unit));
      } catch (NumberFormatException | ArithmeticException e) {
        throw new DurationFormatException("'" + text + "' is too long a duration");
      }
      position = matcher.end();
    }
    return total;
  }

  /** The shortest text {@link #parse} reads back as the same duration, e.g. {@code 1h30m}; sub-millisecond parts are dropped. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative durations have no text form: " + duration);
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    long seconds = millis / 1000 % 60;
    long rest = millis % 1000;
    append(text, hours, "h");
    append(text, minutes, "m");
    append(text, seconds, "s");
    append(text, rest, "ms");
    return text.toString();
  }

  private static void append(StringBuilder text, long value, String unit) {
    if (value > 0) {
      text.append(value).append(unit);
    }
  }

  private static int unitIndex(String unit) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(unit)) {
        return i;
      }
    }
    throw new IllegalStateException("unit pattern and unit list disagree: " + unit);
  }

  private static Duration amount(long value, int unit) {
    switch (UNITS[unit]) {
      case "h": return Duration.ofHours(value);
      case "m": return Duration.ofMinutes(value);
      case "s": return Duration.ofSeconds(value);
      default: return Duration.ofMillis(value);
    }
  }

  private static DurationFormatException invalid(String text) {
    return new DurationFormatException("'" + text + "' is not a duration; use e.g. 30s, 15m, 1h30m or 500ms");
  }
}
