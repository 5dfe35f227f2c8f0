package com.astromkey.csi.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** `--key=value` command-line options of the csi-* modes, rejecting options a mode does not know. */
public final class Args {
  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code --key=value} and {@code --key value}; unknown keys fail so that typos in a DaemonSet surface at start. */
  public static Args parse(String[] args, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument: " + a);
      String key;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        key = a.substring(2, eq);
        value = a.substring(eq + 1);
      } else {
        key = a.substring(2);
        if (key.equals("help")) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("option --" + key + " needs a value");
        }
      }
      if (!key.equals("help") && !known.contains(key)) throw new IllegalArgumentException("unknown option --" + key);
      values.put(key, value);
    }
    return new Args(values);
  }

  public boolean help() {
    return values.containsKey("help");
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }

  public String require(String key) {
    return get(key).orElseThrow(() -> new IllegalArgumentException("option --" + key + " is required"));
  }

  public int intValue(String key, int defaultValue) {
    return get(key).map(Integer::parseInt).orElse(defaultValue);
  }

  public Duration duration(String key, Duration defaultValue) {
    return get(key).map(GoDuration::parse).orElse(defaultValue);
  }
}
