package com.astromkey.csi.liveness;

import com.astromkey.csi.http.HttpEndpoint;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of mode {@code csi-liveness}: {@code GET :9808/healthz} answered by the CSI Probe call. */
public final class CsiLivenessMain {
  private static final Logger LOG = LoggerFactory.getLogger(CsiLivenessMain.class);

  private CsiLivenessMain() {}

  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      out.println(LivenessConfig.USAGE);
      return 0;
    }
    LivenessConfig config;
    try {
      config = LivenessConfig.from(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(LivenessConfig.USAGE);
      return 2;
    }
    LivenessProbe probe = new LivenessProbe(config.csiSocket(), config.probeTimeout());
    HttpEndpoint http = start(probe, config.healthPort());
    LOG.info("Liveness probe for {} on :{}/healthz", config.csiSocket(), http.port());
    // the JVM halts once the hooks return, so the hook itself closes what is open before releasing the main thread
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.close();
      probe.close();
      stopped.countDown();
    }, "csi-liveness-shutdown"));
    stopped.await();
    return 0;
  }

  /** The HTTP side alone, for tests that own the probe's lifetime. */
  public static HttpEndpoint start(LivenessProbe probe, int port) {
    return HttpEndpoint.start("0.0.0.0", port, Map.of("/healthz", probe::check));
  }
}
