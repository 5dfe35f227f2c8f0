package com.astromkey.csi.server;

import com.astromkey.csi.http.HttpEndpoint;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.mount.LinuxMounter;
import com.astromkey.csi.node.KubernetesPodEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of mode {@code csi-server}: the CSI Identity and Node services on the kubelet's plugin socket. */
public final class CsiServerMain {
  private static final Logger LOG = LoggerFactory.getLogger(CsiServerMain.class);

  private CsiServerMain() {}

  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")) {
      out.println(CsiServerConfig.USAGE);
      return 0;
    }
    CsiServerConfig config;
    try {
      config = CsiServerConfig.from(args, env);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(CsiServerConfig.USAGE);
      return 2;
    }
    LOG.info("Starting csi-server: {}", config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.systemUTC();
    CodeModuleCache cache = new CodeModuleCache(new DataLayout(config.dataDir()), clock);
    KubernetesClient kube = new KubernetesClientBuilder().build();
    KubernetesPodEvents events = new KubernetesPodEvents(kube, clock);
    CsiServer server = CsiServer.start(config, new CsiServer.Parts(new LinuxMounter(), cache, events, clock, registry,
        d -> Thread.sleep(d.toMillis())));
    HttpEndpoint metrics;
    try {
      metrics = HttpEndpoint.start("0.0.0.0", config.metricsPort(),
          Map.of("/metrics", () -> new HttpEndpoint.Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
    } catch (RuntimeException e) {
      server.close();
      events.close();
      kube.close();
      throw e;
    }
    // the JVM halts once the hooks return, so the hook itself stops the servers before releasing the main thread
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      metrics.close();
      server.close();
      events.close();
      kube.close();
      stopped.countDown();
    }, "csi-server-shutdown"));
    stopped.await();
    return 0;
  }
}
