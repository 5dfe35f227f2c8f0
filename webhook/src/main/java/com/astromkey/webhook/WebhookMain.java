package com.astromkey.webhook;

import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.PathNames;
import com.astromkey.webhook.config.WebhookConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the {@code webhook} mode for the launcher: configure, start, wait for a certificate, serve until stopped. */
public final class WebhookMain {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;
  static final String USAGE = "Usage: astromkey-operator webhook [" + WebhookConfig.CERTS_DIR_FLAG + "=<dir>]\n"
      + "  " + WebhookConfig.CERTS_DIR_FLAG + "=<dir>  where tls.crt and tls.key are written and read (default "
      + PathNames.WEBHOOK_CERTS_DIR + ")\n"
      + "Environment: " + String.join(", ", EnvVars.POD_NAMESPACE, EnvVars.AK_OPERATOR_IMAGE) + " (required); "
      + String.join(", ", EnvVars.AK_WEBHOOK_PORT, EnvVars.AK_HEALTH_PORT, EnvVars.AK_METRICS_PORT,
          EnvVars.AK_WEBHOOK_TIMEOUT_SECONDS, EnvVars.AK_OPERATOR_IMAGE_PULL_POLICY, EnvVars.AK_OPERATOR_PULL_SECRET,
          EnvVars.AK_MODULES_JSON, EnvVars.AK_OPERATOR_VERSION, EnvVars.AK_SIGNATURE_MODE);
  private static final Logger LOG = LoggerFactory.getLogger(WebhookMain.class);

  private WebhookMain() {}

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is what brought us here.
    }
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err, new CountDownLatch(1));
  }

  /** {@code stop} ends serving when counted down (tests); in production the JVM shutdown hook does it. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, CountDownLatch stop) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(USAGE);
        return EXIT_OK;
      }
    }
    WebhookConfig config;
    try {
      config = WebhookConfig.from(args, env);
    } catch (IllegalArgumentException e) {
      err.println("webhook: " + e.getMessage());
      err.println(USAGE);
      return EXIT_USAGE;
    }
    LOG.info("Starting webhook with {}", config.describe());
    try (KubernetesClient client = new KubernetesClientBuilder().build();
         WebhookApplication app = WebhookApplication.start(config, client, Clock.systemUTC())) {
      Thread hook = new Thread(stop::countDown, "webhook-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        if (!app.awaitCertificate()) {
          err.println("webhook: no certificate in " + config.certsDir() + " after " + config.certificateWait()
              + "; is Secret astromkey-webhook-certs missing?");
          return EXIT_FAILURE;
        }
        LOG.info("Webhook serving on :{} (health :{}, metrics :{})", app.webhookPort(), app.healthPort(), app.metricsPort());
        stop.await();
        return EXIT_OK;
      } finally {
        removeHook(hook);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_OK;
    } catch (Exception e) {
      LOG.error("Webhook failed", e);
      err.println("webhook: " + e.getMessage());
      return EXIT_FAILURE;
    }
  }
}
