package com.astromkey.packaging.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of the chart's values.yaml read line by line, because the YAML parsers drop the comments the values tests check.
 * Keys below a Kubernetes pass-through value (rendered verbatim with toYaml) are Kubernetes API fields, not chart values.
 */
public final class ChartValues {
  public static final Path FILE = Helm.CHART_DIR.resolve("values.yaml");
  /** Values copied verbatim into a Kubernetes object: the value is the whole object, its fields are Kubernetes'. */
  public static final Set<String> PASS_THROUGH = Set.of("resources", "securityContext", "podSecurityContext", "updateStrategy",
      "nodeSelector", "labels", "annotations", "tolerations", "topologySpreadConstraints");
  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9_]*):(.*)$");

  /** One key line: its dotted path, 1-based line number, and whether a comment line stands directly above it. */
  public record KeyLine(String path, int line, boolean commented) {}

  private ChartValues() {}

  /** Every key line of values.yaml outside pass-through values and list items, in file order. */
  public static List<KeyLine> keyLines() {
    List<String> lines;
    try {
      lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<KeyLine> out = new ArrayList<>();
    Deque<int[]> indents = new ArrayDeque<>();
    Deque<String> names = new ArrayDeque<>();
    String previous = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      Matcher m = KEY.matcher(line);
      if (!trimmed.startsWith("#") && m.matches()) {
        int indent = m.group(1).length();
        while (!indents.isEmpty() && indents.peek()[0] >= indent) {
          indents.pop();
          names.pop();
        }
        boolean inPassThrough = names.stream().anyMatch(PASS_THROUGH::contains);
        indents.push(new int[] {indent});
        names.push(m.group(2));
        if (!inPassThrough) {
          List<String> path = new ArrayList<>(names);
          java.util.Collections.reverse(path);
          out.add(new KeyLine(String.join(".", path), i + 1, previous.startsWith("#")));
        }
      }
      previous = trimmed;
    }
    return out;
  }

  /** The same keys from a YAML parse (anchors resolved), to prove the line reader misses none. */
  public static Set<String> parsedKeys() {
    try {
      Set<String> out = new LinkedHashSet<>();
      collect(Rendered.YAML.readTree(FILE.toFile()), "", out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, String prefix, Set<String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix + e.getKey();
      out.add(path);
      if (e.getValue().isObject() && !PASS_THROUGH.contains(e.getKey())) {
        collect(e.getValue(), path + ".", out);
      }
    }
  }

  /**
   * The settable values: keys with no chart keys below them (scalars, lists and pass-through objects). Groups such as
   * {@code imageRef} or {@code csidriver.server} only hold values.
   */
  public static Set<String> values() {
    Set<String> all = parsedKeys();
    Set<String> out = new LinkedHashSet<>();
    for (String key : all) {
      if (all.stream().noneMatch(other -> other.startsWith(key + "."))) {
        out.add(key);
      }
    }
    return out;
  }

  /** Whether a dotted path names a key of values.yaml (a value or a group). */
  public static boolean exists(String path) {
    return parsedKeys().contains(path);
  }
}
