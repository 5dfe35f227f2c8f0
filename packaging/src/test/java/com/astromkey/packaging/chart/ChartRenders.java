package com.astromkey.packaging.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the chart once per set of values for the whole test JVM, so that the chart test classes share the helm runs
 * (each render takes about a second).
 */
public final class ChartRenders {
  public static final String NAMESPACE = "astromkey";
  private static final Map<List<String>, Helm.Result> CACHE = new ConcurrentHashMap<>();

  private ChartRenders() {}

  /** Result of {@code helm template} with each {@code key=value} passed as {@code --set}. */
  public static Helm.Result result(String... values) {
    Helm helm = Helm.require();
    return CACHE.computeIfAbsent(List.of(values), key -> helm.template(Helm.CHART_DIR, NAMESPACE, sets(key)));
  }

  /** Result of a helm run of its own, bypassing the cache (for determinism checks). */
  public static Helm.Result uncached(String... values) {
    return Helm.require().template(Helm.CHART_DIR, NAMESPACE, sets(List.of(values)));
  }

  private static List<String> sets(List<String> values) {
    List<String> args = new ArrayList<>();
    for (String v : values) {
      args.add("--set");
      args.add(v);
    }
    return args;
  }

  /** A render that must succeed. */
  public static Rendered render(String... values) {
    Helm.Result result = result(values);
    if (!result.ok()) {
      throw new AssertionError("helm template " + List.of(values) + " failed (" + result.exitCode() + "): " + result.stderr());
    }
    return new Rendered(result.stdout());
  }

  /** The stderr of a render that must fail. */
  public static String failure(String... values) {
    Helm.Result result = result(values);
    if (result.ok()) {
      throw new AssertionError("helm template " + List.of(values) + " was expected to fail but rendered");
    }
    return result.stderr();
  }
}
