package com.astromkey.bootstrap.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/**
 * The bootstrap's log of bootstrap.md §3: one JSON object per line ({@code time}, {@code level}, {@code msg}, fields)
 * on the given stream. Callers pass paths, names and counts as fields, never tokens.
 */
public final class JsonLog {
  /** Severity, written in lower case. */
  public enum Level { DEBUG, INFO, WARN, ERROR }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final boolean debug;
  private final Clock clock;

  public JsonLog(PrintStream out, boolean debug, Clock clock) {
    this.out = out;
    this.debug = debug;
    this.clock = clock;
  }

  public boolean isDebug() {
    return debug;
  }

  public void debug(String msg, Object... fields) {
    if (debug) {
      write(Level.DEBUG, msg, fields);
    }
  }

  public void info(String msg, Object... fields) {
    write(Level.INFO, msg, fields);
  }

  public void warn(String msg, Object... fields) {
    write(Level.WARN, msg, fields);
  }

  public void error(String msg, Object... fields) {
    write(Level.ERROR, msg, fields);
  }

  /** {@code fields} alternate name and value; a value is written with its {@code toString()}. */
  public String line(Level level, String msg, Object... fields) {
    ObjectNode node = JSON.createObjectNode();
    node.put("time", clock.instant().toString());
    node.put("level", level.name().toLowerCase(Locale.ROOT));
    node.put("msg", msg);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      Object value = fields[i + 1];
      if (value instanceof Number n) {
        node.put(String.valueOf(fields[i]), n.longValue());
      } else if (value instanceof Boolean b) {
        node.put(String.valueOf(fields[i]), b);
      } else {
        node.put(String.valueOf(fields[i]), String.valueOf(value));
      }
    }
    return node.toString();
  }

  private void write(Level level, String msg, Object... fields) {
    String line = line(level, msg, fields);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
