package com.astromkey.operator.oneagent;

import com.astromkey.domain.dynakube.status.Healthcheck;
import com.astromkey.domain.names.PathNames;
import java.util.List;

/** The OneAgent container probe command, chosen by image source and version (operator.md §4.2). */
public final class Healthchecks {
  static final List<String> LEGACY = List.of("/bin/sh", "-c", "grep -q oneagentwatchdo /proc/[0-9]*/stat");
  private static final int[] WATCHDOG_SINCE = {1, 276};

  private Healthchecks() {}

  /** {@code version} is a resolved OneAgent version or {@code null} for a custom image. */
  public static Healthcheck forVersion(String version) {
    Healthcheck healthcheck = new Healthcheck();
    healthcheck.setTest(version == null || atLeast(version) ? List.of(PathNames.HEALTHCHECK_BINARY) : LEGACY);
    healthcheck.setInterval("10s");
    healthcheck.setTimeout("30s");
    healthcheck.setStartPeriod("1200s");
    healthcheck.setRetries(3);
    return healthcheck;
  }

  private static boolean atLeast(String version) {
    String[] parts = version.split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > WATCHDOG_SINCE[0] || major == WATCHDOG_SINCE[0] && minor >= WATCHDOG_SINCE[1];
    } catch (NumberFormatException e) {
      // an unparsable version cannot be compared; the watchdog binary is what current images ship
      return true;
    }
  }
}
