package com.astromkey.e2e.demo;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.e2e.kubelet.KubeletStandIn;
import com.astromkey.e2e.sandbox.AdmissionCaller;
import com.astromkey.e2e.sandbox.BootstrapRunner;
import com.astromkey.e2e.sandbox.CsiNode;
import com.astromkey.e2e.sandbox.CustomerFlow;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.Mounters;
import com.astromkey.oci.Platform;
import com.astromkey.sandbox.registry.AccessLogEntry;
import com.astromkey.sandbox.registry.RegistryUnavailableException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo of README §11: the customer page "Using a private registry" played end to end on loopback in nine timed steps,
 * then a {@code Summary:} block. Exit 0 on success, 1 with one clear line when a step fails, 2 on usage.
 */
public final class Demo {
  static final String USAGE = "Usage: bin/demo\n"
      + "Plays the private-registry page end to end on loopback: sandbox Kubernetes API, tenant simulator, a real\n"
      + "docker-registry with TLS and htpasswd, and the operator, webhook, CSI driver and bootstrap of this build.";
  private static final String DK = "dynakube";
  private static final String APP_NAMESPACE = "shop";
  private static final int STEPS = 9;

  private final PrintStream out;
  private final List<String> summary = new ArrayList<>();
  private int step;

  private Demo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    // the components log at INFO; the demo's own lines are the output, warnings still show
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // the mock API server and Undertow log every request through java.util.logging
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler handler : java.util.logging.Logger.getLogger("").getHandlers()) {
      handler.setLevel(java.util.logging.Level.WARNING);
    }
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
      out.println(USAGE);
      return 0;
    }
    if (args.length > 0) {
      err.println("demo: unexpected argument '" + args[0] + "'");
      err.println(USAGE);
      return 2;
    }
    long started = System.nanoTime();
    E2eSandbox sandbox;
    try {
      sandbox = E2eSandbox.create();
    } catch (IOException e) {
      err.println("demo failed: cannot create a temp directory: " + e.getMessage());
      return 1;
    }
    // Ctrl-C: the JVM runs this hook; close() is idempotent, so a normal end and the hook never stop things twice
    Thread hook = new Thread(sandbox::close, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Demo demo = new Demo(out);
    try {
      demo.play(sandbox);
      demo.summary.add(String.format(Locale.ROOT, "  total time: %.1fs", seconds(started)));
      out.println("Summary:");
      demo.summary.forEach(out::println);
      return 0;
    } catch (RegistryUnavailableException e) {
      out.println("[" + demo.step + "/" + STEPS + "] … FAILED");
      err.println(e.getMessage());
      return 1;
    } catch (Exception | AssertionError e) {
      out.println("[" + demo.step + "/" + STEPS + "] … FAILED");
      err.println("demo failed in step " + demo.step + ": " + oneLine(e));
      return 1;
    } finally {
      sandbox.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down (Ctrl-C); the hook has done the same work
      }
    }
  }

  private void play(E2eSandbox s) throws Exception {
    CustomerFlow flow = new CustomerFlow(s);

    step("Start the sandbox", () -> {
      s.startInfrastructure();
      return "Kubernetes API (mock, CRUD, DynaKube CRD), tenant simulator " + s.tenant().hostPort() + ", docker-registry "
          + s.registry().host() + " (TLS with the sandbox CA, htpasswd)";
    });

    step("Push the test images", () -> {
      s.pushImages();
      return s.images().all().stream().map(i -> i.reference().substring(i.reference().indexOf('/') + 1))
          .collect(Collectors.joining(", ")) + " (linux/amd64 + linux/arm64) as " + s.pusher().name();
    });

    step("Install the chart and start operator, webhook and CSI driver", () -> {
      s.installChart(true);
      s.startComponents();
      return "namespace astromkey, " + E2eSandbox.CUSTOM_PULL_SECRET + " (user " + s.customer().name() + "), "
          + s.chart().objects().size() + " chart objects with imageRef=" + s.chart().operatorImage() + " customPullSecret="
          + E2eSandbox.CUSTOM_PULL_SECRET + "; webhook serving the operator-issued certificate; CSI socket up";
    });

    DynaKube dk = s.dynaKube("dynakube-cloudnative-private-registry");
    step("Apply the page's cloudNativeFullStack DynaKube", () -> {
      s.tokensSecret(DK);
      AdmissionCaller.Result<DynaKube> admitted = flow.apply(dk);
      if (!admitted.allowed()) {
        throw new IllegalStateException("the webhook rejected the DynaKube: " + admitted.message());
      }
      summary.add("  admission warnings: " + admitted.warnings().size());
      admitted.warnings().forEach(w -> summary.add("    " + w));
      return "admitted with " + admitted.warnings().size() + " warning(s): " + admitted.warnings().stream()
          .map(w -> w.substring(0, w.indexOf(']') + 1)).collect(Collectors.joining(" "));
    });

    step("Reconcile", () -> {
      DynaKubeStatus status = flow.awaitStatus(DK, st -> custom(st.getOneAgent()) && custom(st.getActiveGate())
          && custom(st.getCodeModules()));
      E2eSandbox.await("DaemonSet and StatefulSet", CustomerFlow.PATIENCE,
          () -> s.client().apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get() != null
              && s.client().apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-activegate").get() != null);
      DaemonSet ds = s.client().apps().daemonSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-oneagent").get();
      StatefulSet sts = s.client().apps().statefulSets().inNamespace(E2eSandbox.NAMESPACE).withName(DK + "-activegate").get();
      KubeletStandIn kubelet = s.kubelet();
      String oaUser = kubeletPull(s, kubelet, ds.getSpec().getTemplate().getSpec());
      String agUser = kubeletPull(s, kubelet, sts.getSpec().getTemplate().getSpec());
      // the images are pulled: play the workload controllers, then the operator reports the DynaKube running
      flow.markWorkloadsReady(DK);
      status = flow.awaitStatus(DK, st -> "Running".equals(st.getPhase()));
      summary.add("  DynaKube " + DK + ": phase " + status.getPhase() + "; sources oneAgent=" + status.getOneAgent().getSource()
          + " activeGate=" + status.getActiveGate().getSource() + " codeModules=" + status.getCodeModules().getSource());
      summary.add("  " + workload("DaemonSet", ds.getMetadata().getName(), ds.getSpec().getTemplate().getSpec()));
      summary.add("  " + workload("StatefulSet", sts.getMetadata().getName(), sts.getSpec().getTemplate().getSpec()));
      summary.add("  kubelet pulls: " + DK + "-oneagent as " + oaUser + ", " + DK + "-activegate as " + agUser);
      return "phase " + status.getPhase() + ", sources custom-image; " + DK + "-oneagent "
          + image(ds.getSpec().getTemplate().getSpec()) + " pullSecrets " + secrets(ds.getSpec().getTemplate().getSpec())
          + "; " + DK + "-activegate " + image(sts.getSpec().getTemplate().getSpec()) + "; kubelet stand-in pulled both as "
          + oaUser;
    });

    Pod[] pod = new Pod[1];
    step("Create a pod in a monitored namespace", () -> {
      flow.createNamespace(APP_NAMESPACE);
      flow.awaitInjectionReady(APP_NAMESPACE);
      AdmissionCaller.Result<Pod> created = flow.createPod(APP_NAMESPACE, "shop-frontend", "docker.io/library/nginx:1.27");
      pod[0] = created.object();
      return "namespace " + APP_NAMESPACE + " labelled for " + DK + ", replicas " + ObjectNames.BOOTSTRAPPER_CONFIG_SECRET
          + " and " + ObjectNames.INJECTION_PULL_SECRET + " present; pod " + APP_NAMESPACE + "/shop-frontend created";
    });

    step("Webhook mutation", () -> {
      Pod p = pod[0];
      String delivery = p.getMetadata().getAnnotations() == null ? null
          : p.getMetadata().getAnnotations().get(Annotations.ONEAGENT_DELIVERY);
      if (!"csi".equals(delivery)) {
        throw new IllegalStateException("the pod was not injected with CSI delivery; annotations: "
            + p.getMetadata().getAnnotations());
      }
      Container init = initContainer(p);
      String volumes = p.getSpec().getVolumes().stream().map(Volume::getName)
          .filter(n -> n.equals(ObjectNames.VOLUME_ONEAGENT_BIN) || n.equals(ObjectNames.VOLUME_ASTROMKEY_CONFIG)
              || n.equals(ObjectNames.VOLUME_ASTROMKEY_INPUT)).collect(Collectors.joining(", "));
      return "init container " + init.getName() + " image " + init.getImage() + ", volumes " + volumes + ", delivery=" + delivery;
    });

    CsiNode.Publication[] published = new CsiNode.Publication[1];
    step("CSI publish", () -> {
      CsiNode csi = s.csi().orElseThrow();
      String key = awaitLatest(csi);
      List<AccessLogEntry> reads = s.registry().accessLog().stream()
          .filter(e -> (e.isManifest() || e.isBlob()) && e.status() == 200 && e.uri().contains("/astromkey-codemodules/"))
          .toList();
      Set<String> users = reads.stream().map(e -> String.valueOf(e.user())).collect(Collectors.toCollection(LinkedHashSet::new));
      published[0] = csi.publish(pod[0], ObjectNames.VOLUME_ONEAGENT_BIN, Duration.ofSeconds(30));
      if (!Files.exists(published[0].target().resolve("agent/lib64/liboneagentproc.so"))) {
        throw new IllegalStateException("the published volume has no agent/lib64/liboneagentproc.so");
      }
      summary.add("  provisioner pull of the code modules: " + reads.size() + " registry reads as " + String.join(", ", users));
      summary.add("  mounted code-modules key: " + key + " (" + Mounters.describe(csi.mounter()) + ")");
      return "provisioner pulled " + dk.getSpec().getOneAgent().cloudNative().getCodeModulesImage() + " as "
          + String.join(", ", users) + " (registry log, " + reads.size() + " reads), installed " + key + "; mounted with "
          + Mounters.describe(csi.mounter());
    });

    step("Bootstrap", () -> {
      BootstrapRunner.Run run = s.bootstrap().run(pod[0], published[0].target(), Duration.ofSeconds(60));
      if (run.exit() != 0) {
        throw new IllegalStateException("bootstrap exited " + run.exit() + ": " + Files.readString(run.terminationLog()));
      }
      List<String> files = written(run.configDir());
      summary.add("  files written by bootstrap: " + String.join(", ", files));
      return "child JVM exited 0 (delivery csi); wrote " + String.join(", ", files);
    });
  }

  private interface Step {
    String run() throws Exception;
  }

  private void step(String name, Step body) throws Exception {
    step++;
    long started = System.nanoTime();
    String facts = body.run();
    out.printf(Locale.ROOT, "[%d/%d] %s … ok (%.1fs): %s%n", step, STEPS, name, seconds(started), facts);
    out.flush();
  }

  private static boolean custom(com.astromkey.domain.dynakube.status.VersionStatus status) {
    return status != null && "custom-image".equals(status.getSource());
  }

  private static String kubeletPull(E2eSandbox s, KubeletStandIn kubelet, PodSpec spec) throws Exception {
    String image = image(spec);
    kubelet.pull(E2eSandbox.NAMESPACE, spec, image, Platform.ofJvm());
    String repository = image.substring(image.indexOf('/') + 1, image.lastIndexOf(':'));
    return s.registry().awaitAccessLog(e -> e.isBlob() && e.status() == 200 && e.uri().contains(repository)).stream()
        .filter(e -> e.isBlob() && e.status() == 200 && e.uri().contains(repository)).map(e -> String.valueOf(e.user()))
        .distinct().collect(Collectors.joining(", "));
  }

  private static String awaitLatest(CsiNode csi) {
    String[] key = new String[1];
    E2eSandbox.await("the provisioner to install the code modules", CustomerFlow.PATIENCE, () -> {
      try {
        Optional<String> latest = csi.cache().latest(DK).map(m -> m.key());
        latest.ifPresent(k -> key[0] = k);
        return latest.isPresent();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return key[0];
  }

  private static Container initContainer(Pod pod) {
    return pod.getSpec().getInitContainers().stream().filter(c -> ObjectNames.INJECTION_INIT_CONTAINER.equals(c.getName()))
        .findFirst().orElseThrow(() -> new IllegalStateException("no init container " + ObjectNames.INJECTION_INIT_CONTAINER));
  }

  private static String image(PodSpec spec) {
    return spec.getContainers().get(0).getImage();
  }

  private static String secrets(PodSpec spec) {
    return spec.getImagePullSecrets() == null ? "[]" : spec.getImagePullSecrets().stream().map(LocalObjectReference::getName)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String workload(String kind, String name, PodSpec spec) {
    return kind + " " + name + ": image " + image(spec) + ", imagePullSecrets " + secrets(spec);
  }

  /** The agent configuration files under the config volume, relative to it. */
  private static List<String> written(Path config) throws IOException {
    try (Stream<Path> files = Files.walk(config)) {
      return files.filter(Files::isRegularFile).map(p -> config.relativize(p).toString())
          .filter(p -> p.endsWith("ld.so.preload") || p.endsWith("container.conf") || p.endsWith("akagentproc.conf"))
          .sorted().toList();
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** Never the stack trace; the cause chain's messages on one line. */
  private static String oneLine(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString().replace('\n', ' ');
  }
}
