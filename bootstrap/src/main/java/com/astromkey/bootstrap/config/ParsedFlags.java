package com.astromkey.bootstrap.config;

import com.astromkey.domain.names.BootstrapFlags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line split into flag values without judging them: unknown flags and positionals are collected as
 * errors, so the failure path can still find {@code --suppress-error}, {@code --termination-log} and the directories.
 */
final class ParsedFlags {
  static final Set<String> BOOLEAN_FLAGS =
      Set.of(BootstrapFlags.FULLSTACK, BootstrapFlags.SUPPRESS_ERROR, BootstrapFlags.DEBUG);
  static final Set<String> REPEATABLE_FLAGS = Set.of(BootstrapFlags.ATTRIBUTE_CONTAINER, BootstrapFlags.ATTRIBUTE);
  static final Set<String> VALUE_FLAGS = Set.of(BootstrapFlags.SOURCE, BootstrapFlags.TARGET, BootstrapFlags.WORK,
      BootstrapFlags.INSTALL_PATH, BootstrapFlags.CONFIG_DIRECTORY, BootstrapFlags.INPUT_DIRECTORY,
      BootstrapFlags.ATTRIBUTE_CONTAINER, BootstrapFlags.ATTRIBUTE, BootstrapFlags.TENANT, BootstrapFlags.TECHNOLOGY,
      BootstrapFlags.URL, BootstrapFlags.VERSION, BootstrapFlags.FLAVOR, BootstrapFlags.TERMINATION_LOG);

  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> errors = new ArrayList<>();

  private ParsedFlags() {}

  /** Accepts {@code --flag=value} (what the webhook writes) and {@code --flag value}; booleans also {@code =true|false}. */
  static ParsedFlags parse(String[] args) {
    ParsedFlags flags = new ParsedFlags();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? null : arg.substring(eq + 1);
      if (BOOLEAN_FLAGS.contains(name)) {
        if (value == null || value.equalsIgnoreCase("true")) {
          flags.put(name, "true");
        } else if (value.equalsIgnoreCase("false")) {
          flags.put(name, "false");
        } else {
          flags.errors.add(name + " takes true or false, got '" + value + "'");
        }
      } else if (VALUE_FLAGS.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            flags.errors.add(name + " needs a value");
            continue;
          }
          value = args[++i];
        }
        if (!REPEATABLE_FLAGS.contains(name) && flags.values.containsKey(name)) {
          flags.errors.add(name + " is given more than once");
        }
        flags.put(name, value);
      } else if (arg.startsWith("-")) {
        flags.errors.add("unknown flag " + name);
      } else {
        flags.errors.add("unexpected argument '" + arg + "'");
      }
    }
    return flags;
  }

  private void put(String name, String value) {
    values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  /** The last value, or {@code fallback}. */
  String value(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  boolean isSet(String name) {
    return Boolean.parseBoolean(value(name, "false"));
  }
}
