package com.astromkey.operator;

import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.ClientTenantApiFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the {@code operator} mode: reads the environment, starts the controllers and the health/metrics server. */
public final class OperatorMain {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  static final String USAGE = "usage: astromkey-operator operator\n"
      + "  Runs the DynaKube and webhook-certificate controllers; configured by environment (operator.md §1).\n";
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  /** For the launcher: blocks until the JVM shuts down; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length > 0 && ("--help".equals(args[0]) || "help".equals(args[0]))) {
      out.print(USAGE);
      return EXIT_OK;
    }
    if (args.length > 0) {
      err.print("unexpected argument '" + args[0] + "'\n" + USAGE);
      return EXIT_USAGE;
    }
    List<String> warnings = new ArrayList<>();
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnv(env, warnings);
    } catch (OperatorConfig.InvalidConfigException e) {
      err.println("operator: " + e.getMessage());
      return EXIT_FAILED;
    }
    warnings.forEach(LOG::error);
    LOG.info("Starting with {}", config);
    OperatorMetrics metrics = new OperatorMetrics();
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorRuntime runtime;
    try {
      runtime = OperatorRuntime.start(client, config, new ClientTenantApiFactory(metrics), metrics, Clock.systemUTC(), true);
    } catch (KubernetesClientException | OperatorException e) {
      client.close();
      err.println("operator: cannot start the controllers against the Kubernetes API: " + e.getMessage());
      return EXIT_FAILED;
    }
    HealthServer health = HealthServer.start(config.healthPort(), config.metricsPort(), runtime::isRunning, metrics);
    LOG.info("Operator running; health on :{}, metrics on :{}", health.port(0), health.port(1));
    CountDownLatch stopped = new CountDownLatch(1);
    // Stop in the hook itself: the JVM halts once hooks return, so anything left to the main thread may never run.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping");
      runtime.close();
      health.close();
      client.close();
      stopped.countDown();
    }, "operator-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return EXIT_OK;
  }
}
