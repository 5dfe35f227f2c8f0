package com.astromkey.bootstrap.configure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The agent's configuration format: {@code [section]} lines and {@code key value} lines. Kept sorted, so rendering is
 * deterministic: sections sorted, keys sorted, one blank line after each section.
 */
public final class IniDocument {
  private final SortedMap<String, SortedMap<String, String>> sections = new TreeMap<>();
  private final List<String> ignored = new ArrayList<>();

  /** {@code #} comments and blank lines are dropped; a key line before any section is ignored (see {@link #ignored()}). */
  public static IniDocument parse(String text) {
    IniDocument doc = new IniDocument();
    String section = null;
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        doc.sections.computeIfAbsent(section, k -> new TreeMap<>());
        continue;
      }
      if (section == null) {
        doc.ignored.add(line);
        continue;
      }
      int space = indexOfWhitespace(line);
      String key = space < 0 ? line : line.substring(0, space);
      String value = space < 0 ? "" : line.substring(space + 1).strip();
      doc.sections.get(section).put(key, value);
    }
    return doc;
  }

  /** An empty value removes the key: the agent treats a missing and an empty setting alike, and output omits both. */
  public IniDocument set(String section, String key, String value) {
    if (value == null || value.isEmpty()) {
      remove(section, key);
    } else {
      sections.computeIfAbsent(section, k -> new TreeMap<>()).put(key, value);
    }
    return this;
  }

  public IniDocument remove(String section, String key) {
    SortedMap<String, String> keys = sections.get(section);
    if (keys != null) {
      keys.remove(key);
    }
    return this;
  }

  public String get(String section, String key) {
    SortedMap<String, String> keys = sections.get(section);
    return keys == null ? null : keys.get(key);
  }

  /** Sections and their keys, sorted; a live view for in-place rewriting of values. */
  SortedMap<String, SortedMap<String, String>> sections() {
    return sections;
  }

  /** Lines that could not be placed in a section. */
  public List<String> ignored() {
    return List.copyOf(ignored);
  }

  /** Sections without keys are left out. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, SortedMap<String, String>> section : sections.entrySet()) {
      if (section.getValue().isEmpty()) {
        continue;
      }
      out.append('[').append(section.getKey()).append("]\n");
      for (Map.Entry<String, String> entry : section.getValue().entrySet()) {
        out.append(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static int indexOfWhitespace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (Character.isWhitespace(line.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
