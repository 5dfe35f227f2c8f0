package com.astromkey.oci.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses {@code --name value}, {@code --name=value} and flags against the options a mode declares; nothing positional. */
final class CliArgs {

  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private CliArgs() {
  }

  /** {@code withValue}: options taking a value (all may repeat; single-use is checked by {@link #single}). */
  static CliArgs parse(String[] args, Set<String> withValue, Set<String> flags) throws UsageException {
    CliArgs parsed = new CliArgs();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument " + arg);
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return parsed;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  Optional<String> single(String name) throws UsageException {
    List<String> v = all(name);
    if (v.size() > 1) {
      throw new UsageException("--" + name + " may be given only once");
    }
    return v.stream().findFirst();
  }

  String required(String name) throws UsageException {
    return single(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
  }

  /** A command line the mode cannot run: printed with the usage, exit code 2. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }
}
