package com.astromkey.operator.troubleshoot;

import com.astromkey.oci.cli.CheckLine;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.util.Map;

/** Entry point of the {@code troubleshoot} mode: checks a DynaKube's cluster objects and images, exit 1 on any FAIL. */
public final class TroubleshootMain {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private TroubleshootMain() {}

  /** For the launcher: fabric8's default configuration (in-cluster service account or KUBECONFIG). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), null, out, err);
  }

  /** {@code client} null builds the default client; tests pass the mock server's. */
  public static int run(String[] args, Map<String, String> env, KubernetesClient client, PrintStream out,
      PrintStream err) {
    if (args.length == 1 && ("--help".equals(args[0]) || "help".equals(args[0]))) {
      out.print(TroubleshootConfig.USAGE);
      return EXIT_OK;
    }
    TroubleshootConfig config;
    try {
      config = TroubleshootConfig.parse(args, env);
    } catch (TroubleshootConfig.UsageException e) {
      err.println("troubleshoot: " + e.getMessage());
      err.print(TroubleshootConfig.USAGE);
      return EXIT_USAGE;
    }
    CheckLine.Status worst;
    if (client != null) {
      worst = new Troubleshooter(client, config, out).run();
    } else {
      Config kubeConfig = Config.autoConfigure(null);
      // a person is waiting: an unreachable API server is reported after one retry, not after fabric8's ten
      kubeConfig.setRequestRetryBackoffLimit(1);
      try (KubernetesClient own = new KubernetesClientBuilder().withConfig(kubeConfig).build()) {
        worst = new Troubleshooter(own, config, out).run();
      }
    }
    out.println();
    out.println("Result: " + worst + (worst == CheckLine.Status.FAIL ? " (see the fix lines above)" : ""));
    return worst == CheckLine.Status.FAIL ? EXIT_FAILED : EXIT_OK;
  }
}
