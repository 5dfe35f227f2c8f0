package com.astromkey.csi.provisioner;

import com.astromkey.csi.http.HttpEndpoint;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.GarbageCollector;
import com.astromkey.csi.layout.StartupRecovery;
import com.astromkey.csi.mount.LinuxMounter;
import com.astromkey.csi.mount.Mounter;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.Labels;
import com.astromkey.oci.Platform;
import com.astromkey.oci.extract.ExtractionLimits;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of mode {@code csi-provisioner}: installs the code modules each DynaKube needs on this node. */
public final class CsiProvisionerMain {
  private static final Logger LOG = LoggerFactory.getLogger(CsiProvisionerMain.class);
  static final Duration INFORMER_SYNC_TIMEOUT = Duration.ofMinutes(2);

  private CsiProvisionerMain() {}

  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      out.println(ProvisionerConfig.USAGE);
      return 0;
    }
    ProvisionerConfig config;
    try {
      config = ProvisionerConfig.from(args, env);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(ProvisionerConfig.USAGE);
      return 2;
    }
    LOG.info("Starting csi-provisioner: {}", config);
    if (config.devTimeScale() != 1.0) {
      LOG.warn("{}=true: requeues and backoffs are scaled by {} (tests only)", EnvVars.AK_DEV_MODE, config.devTimeScale());
    }
    KubernetesClient kube = new KubernetesClientBuilder().build();
    Provisioner provisioner = Provisioner.start(config, kube, new LinuxMounter(), Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    // the JVM halts once the hooks return, so the hook itself stops everything before releasing the main thread
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      provisioner.close();
      kube.close();
      stopped.countDown();
    }, "csi-provisioner-shutdown"));
    stopped.await();
    return 0;
  }

  /** {@code AK_PLATFORM}, else the node's {@code kubernetes.io/arch} label, else this JVM's (registry.md §6). */
  static Platform platform(ProvisionerConfig config, KubernetesClient kube) {
    if (config.platformOverride().isPresent()) return config.platformOverride().get();
    try {
      Node node = kube.nodes().withName(config.nodeName()).get();
      String arch = node == null || node.getMetadata().getLabels() == null ? null
          : node.getMetadata().getLabels().get(Labels.KUBERNETES_ARCH);
      if (arch != null && !arch.isBlank()) return Platform.parse("linux/" + arch);
      LOG.warn("Node {} has no {} label; using this process's platform", config.nodeName(), Labels.KUBERNETES_ARCH);
    } catch (KubernetesClientException e) {
      LOG.warn("Cannot read node {} ({}); using this process's platform", config.nodeName(), e.getMessage());
    }
    return Platform.ofJvm();
  }

  /** The running provisioner: recovery, informers, queue, periodic GC, health and metrics endpoints. */
  public static final class Provisioner implements AutoCloseable {
    private final ProvisionerController controller;
    private final DynaKubeProvisioner provisioner;
    private final HttpEndpoint health;
    private final HttpEndpoint metrics;
    private final ScheduledExecutorService gcTimer;

    private Provisioner(ProvisionerController controller, DynaKubeProvisioner provisioner, HttpEndpoint health,
        HttpEndpoint metrics, ScheduledExecutorService gcTimer) {
      this.controller = controller;
      this.provisioner = provisioner;
      this.health = health;
      this.metrics = metrics;
      this.gcTimer = gcTimer;
    }

    public static Provisioner start(ProvisionerConfig config, KubernetesClient kube, Mounter mounter, Clock clock)
        throws Exception {
      return start(config, kube, mounter, clock, ExtractionLimits.fromEnvironment(System.getenv()));
    }

    /** {@code limits} apply to image layers and tenant zips alike (registry.md §8). */
    public static Provisioner start(ProvisionerConfig config, KubernetesClient kube, Mounter mounter, Clock clock,
        ExtractionLimits limits) throws Exception {
      DataLayout layout = new DataLayout(config.dataDir());
      layout.ensure();
      List<String> recovered = new StartupRecovery(layout, clock).run(mounter.mounts());
      if (!recovered.isEmpty()) LOG.info("Start-up recovery removed {}", recovered);
      Platform platform = platform(config, kube);
      LOG.info("Installing code modules for platform {}", platform);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ProvisionerMetrics provisionerMetrics = new ProvisionerMetrics(registry, config.cacheBudgetBytes());
      CodeModuleCache cache = new CodeModuleCache(layout, clock);
      GarbageCollector gc = new GarbageCollector(cache, mounter, clock);
      ProvisionerController controller = new ProvisionerController(kube, config.namespace(), config.operatorPullSecret());
      DigestRecheck recheck = new DigestRecheck(clock, config.digestRecheckPeriod());
      JobInstaller jobs = new JobInstaller(kube, config.namespace(), config.nodeName(), config.hostDataDir(),
          config.jobSettings(), cache, recheck, clock);
      ImageInstaller images = new ImageInstaller(cache, recheck, platform, clock,
          bytes -> gc.ensureRoomFor(bytes, new GarbageCollector.Request(controller.existingDynaKubes(), jobs.existingJobs())));
      ZipInstaller zips = new ZipInstaller(cache, platform, new ZipExtractor(limits));
      DynaKubeProvisioner provisioner = new DynaKubeProvisioner(config, new DynaKubeProvisioner.Parts(cache, gc, controller,
          controller::existingDynaKubes, jobs::existingJobs, images, jobs, zips,
          new RegistryClients(config.connectTimeout(), config.readTimeout(), config.operatorVersion(), config.registryRetryPolicy(),
              limits),
          new TenantClients(config.connectTimeout(), config.readTimeout(), config.operatorVersion(), clock),
          new KubernetesDynaKubeEvents(kube, config.namespace(), config.nodeName(), clock), provisionerMetrics, clock));
      HttpEndpoint health = HttpEndpoint.start("0.0.0.0", config.healthPort(), Map.of(
          "/livez", () -> HttpEndpoint.Response.text(200, "ok"),
          "/healthz", () -> HttpEndpoint.Response.text(200, "ok")));
      HttpEndpoint metrics = HttpEndpoint.start("0.0.0.0", config.metricsPort(), Map.of("/metrics",
          () -> new HttpEndpoint.Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
      ScheduledExecutorService gcTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "csi-provisioner-gc");
        t.setDaemon(true);
        return t;
      });
      Provisioner running = new Provisioner(controller, provisioner, health, metrics, gcTimer);
      try {
        controller.start(provisioner, config.maxParallelInstalls(), INFORMER_SYNC_TIMEOUT);
      } catch (RuntimeException e) {
        running.close();
        throw e;
      }
      long period = config.cleanupPeriod().toMillis();
      gcTimer.scheduleWithFixedDelay(running::periodicCollection, period, period, TimeUnit.MILLISECONDS);
      return running;
    }

    private void periodicCollection() {
      try {
        provisioner.collectIfDue();
      } catch (Exception e) {
        LOG.warn("Periodic garbage collection failed: {}", e.getMessage());
      }
    }

    public int healthPort() {
      return health.port();
    }

    public int metricsPort() {
      return metrics.port();
    }

    @Override
    public void close() {
      gcTimer.shutdownNow();
      controller.close();
      health.close();
      metrics.close();
    }
  }
}
