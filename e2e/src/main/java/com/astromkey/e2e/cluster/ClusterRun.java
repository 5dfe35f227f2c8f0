package com.astromkey.e2e.cluster;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.domain.dynakube.status.VersionStatus;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.e2e.sandbox.E2eSandbox;
import com.astromkey.e2e.sandbox.Fixtures;
import com.astromkey.e2e.sandbox.RepositoryRoot;
import com.astromkey.operator.pullsecret.DockerConfigJson;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code bin/e2e-cluster}: the private-registry page against a real cluster through {@code KUBECONFIG} (e2e/README.md):
 * install, apply, wait, assert what a cluster shows, summary, clean up. Exit 0 when every check passes, 1 otherwise, 2 on usage.
 */
public final class ClusterRun {
  static final int STEPS = 7;
  static final String TRUSTED_CAS = "astromkey-e2e-trusted-cas";
  static final String RELEASE = "astromkey-operator";
  static final String APP_POD = "astromkey-e2e-probe";
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final ClusterSettings settings;
  private final PrintStream out;
  private final List<String> summary = new ArrayList<>();
  /** What this run created, undone newest first by the clean-up. */
  private final Deque<Cleanup> created = new ArrayDeque<>();
  private KubernetesClient client;
  private int step;

  /** One thing to remove again, named for the clean-up line. */
  private record Cleanup(String what, Runnable action) {}

  private ClusterRun(ClusterSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.size() == 1 && List.of("--help", "-h", "help").contains(args.get(0))) {
      out.println(ClusterSettings.USAGE);
      return 0;
    }
    ClusterSettings settings;
    try {
      settings = ClusterSettings.parse(args, env, RepositoryRoot.find());
    } catch (ClusterSettings.UsageException e) {
      err.println("e2e-cluster: " + e.getMessage());
      err.println(ClusterSettings.USAGE);
      return 2;
    }
    ClusterRun run = new ClusterRun(settings, out);
    // Ctrl-C: the hook cleans up; cleanUp() empties its list, so a normal end and the hook never remove things twice
    Runtime.getRuntime().addShutdownHook(new Thread(run::cleanUp, "e2e-cluster-cleanup"));
    int exit = run.playAndReport(err);
    run.cleanUp();
    return exit;
  }

  private int playAndReport(PrintStream err) {
    try {
      play();
      out.println("Summary:");
      summary.forEach(out::println);
      return 0;
    } catch (Exception | AssertionError e) {
      out.println("[" + step + "/" + STEPS + "] … FAILED");
      err.println("e2e-cluster failed in step " + step + ": " + oneLine(e));
      return 1;
    }
  }

  private void play() throws Exception {
    String namespace = E2eSandbox.NAMESPACE;
    DynaKube dk = Fixtures.dynaKube(settings.fixture(), Map.of("registry.my-company.com", settings.registry(),
        "https://abc12345.live.astromkey.com/api", settings.apiUrl()), settings.trustedCaFile().isPresent() ? TRUSTED_CAS : null);
    String name = dk.getMetadata().getName();
    dk.getMetadata().setNamespace(namespace);

    step("Connect through KUBECONFIG", () -> {
      client = new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build();
      client.namespaces().withName(ObjectNames.KUBE_SYSTEM_NAMESPACE).get();
      return "API server " + client.getMasterUrl();
    });

    step("Namespace, pull secret and tokens", () -> {
      if (client.namespaces().withName(namespace).get() == null) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        created(namespace(namespace));
      }
      secret(namespace, E2eSandbox.CUSTOM_PULL_SECRET, SecretKeys.TYPE_DOCKER_CONFIG_JSON, Map.of(SecretKeys.DOCKER_CONFIG_JSON,
          DockerConfigJson.single(settings.registry(), settings.registryUser(), settings.registryPassword())));
      Map<String, String> tokens = new LinkedHashMap<>();
      tokens.put(SecretKeys.API_TOKEN, settings.apiToken());
      settings.dataIngestToken().ifPresent(t -> tokens.put(SecretKeys.DATA_INGEST_TOKEN, t));
      secret(namespace, ObjectNames.tokensSecretName(dk), "Opaque", tokens);
      String facts = "namespace " + namespace + ", Secret " + E2eSandbox.CUSTOM_PULL_SECRET + " (user " + settings.registryUser()
          + " at " + settings.registry() + "), tokens Secret " + ObjectNames.tokensSecretName(dk);
      if (settings.trustedCaFile().isPresent()) {
        String pem = Files.readString(settings.trustedCaFile().get(), StandardCharsets.UTF_8);
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(TRUSTED_CAS)
            .endMetadata().withData(Map.of(SecretKeys.TRUSTED_CAS_CERTS, pem)).build()).createOr(c -> c.update());
        created(new Cleanup("ConfigMap " + TRUSTED_CAS,
            () -> client.configMaps().inNamespace(namespace).withName(TRUSTED_CAS).delete()));
        facts += ", ConfigMap " + TRUSTED_CAS + " (trustedCAs)";
      }
      return facts;
    });

    step(settings.skipInstall() ? "Chart already installed (--skip-install)" : "Install the chart with helm", () -> {
      String facts = settings.skipInstall() ? installedChart(namespace) : helmInstall(namespace);
      // DynaKube validation fails closed: apply only once the operator has given the webhook its CA bundle
      await("the operator to patch caBundle into " + ObjectNames.MUTATING_WEBHOOK_CONFIGURATION, () -> {
        MutatingWebhookConfiguration config = client.admissionRegistration().v1().mutatingWebhookConfigurations()
            .withName(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION).get();
        return config != null && config.getWebhooks() != null && !config.getWebhooks().isEmpty()
            && config.getWebhooks().get(0).getClientConfig().getCaBundle() != null;
      }, () -> "no caBundle yet");
      return facts + "; webhook configured (caBundle set)";
    });

    step("Apply the DynaKube " + settings.fixture(), () -> {
      client.resource(dk).create();
      created(new Cleanup("DynaKube " + name, () -> deleteDynaKube(dk)));
      return "DynaKube " + name + " in " + namespace + " with images from " + settings.registry();
    });

    DynaKubeStatus[] status = new DynaKubeStatus[1];
    step("Wait for the DynaKube", () -> {
      await("DynaKube " + name + " phase Running with custom-image sources", () -> {
        DynaKube current = client.resources(DynaKube.class).inNamespace(namespace).withName(name).get();
        status[0] = current == null ? null : current.getStatus();
        return status[0] != null && "Running".equals(status[0].getPhase()) && sourcesReady(dk, status[0]);
      }, () -> describe(status[0]));
      List<String> checks = new ArrayList<>();
      var spec = dk.getSpec();
      if (spec.getOneAgent().cloudNative() != null) {
        checks.add(imageId("oneAgent", status[0].getOneAgent(), spec.getOneAgent().cloudNative().getImage()));
        checks.add(imageId("codeModules", status[0].getCodeModules(), spec.getOneAgent().cloudNative().getCodeModulesImage()));
      } else if (spec.getOneAgent().getApplicationMonitoring() != null) {
        checks.add(imageId("codeModules", status[0].getCodeModules(),
            spec.getOneAgent().getApplicationMonitoring().getCodeModulesImage()));
      }
      if (spec.getActiveGate() != null && spec.getActiveGate().getImage() != null) {
        checks.add(imageId("activeGate", status[0].getActiveGate(), spec.getActiveGate().getImage()));
      }
      summary.add("  DynaKube " + name + ": phase " + status[0].getPhase() + "; " + String.join(", ", checks));
      return "phase " + status[0].getPhase() + "; " + String.join(", ", checks);
    });

    step("Check the workloads", () -> {
      List<String> facts = new ArrayList<>();
      List<String> secrets = List.of(E2eSandbox.CUSTOM_PULL_SECRET, ObjectNames.pullSecretName(dk));
      if (dk.getSpec().getOneAgent().cloudNative() != null) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(ObjectNames.oneAgentDaemonSetName(dk)).get();
        facts.add(workload("DaemonSet", ds, ds == null ? null : ds.getSpec().getTemplate().getSpec(),
            dk.getSpec().getOneAgent().cloudNative().getImage(), secrets));
      }
      if (dk.getSpec().getActiveGate() != null && dk.getSpec().getActiveGate().getImage() != null) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(ObjectNames.activeGateStatefulSetName(dk))
            .get();
        facts.add(workload("StatefulSet", sts, sts == null ? null : sts.getSpec().getTemplate().getSpec(),
            dk.getSpec().getActiveGate().getImage(), secrets));
      }
      facts.forEach(f -> summary.add("  " + f));
      return String.join("; ", facts);
    });

    step("Inject a pod in a monitored namespace", () -> {
      String app = settings.appNamespace();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(app).endMetadata().build()).create();
      created(namespace(app));
      await("namespace " + app + " labelled for " + name, () -> name.equals(label(client.namespaces().withName(app).get())),
          () -> "labels " + client.namespaces().withName(app).get().getMetadata().getLabels());
      await(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET + " replicated into " + app,
          () -> client.secrets().inNamespace(app).withName(ObjectNames.BOOTSTRAPPER_CONFIG_SECRET).get() != null, () -> "missing");
      String operatorImage = client.apps().deployments().inNamespace(namespace).withName(ObjectNames.OPERATOR_DEPLOYMENT).get()
          .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
      Pod[] pod = new Pod[1];
      // the webhook's caches may lag the namespace label by a moment; it never blocks, so a pod admitted too early is
      // stored uninjected: delete it and create it again
      await("pod " + app + "/" + APP_POD + " injected", () -> {
        pod[0] = client.pods().inNamespace(app).resource(new PodBuilder().withNewMetadata().withName(APP_POD).withNamespace(app)
            .endMetadata().withNewSpec().addNewContainer().withName("app").withImage(settings.appImage()).endContainer()
            .endSpec().build()).create();
        if ("true".equals(annotation(pod[0], Annotations.ONEAGENT_INJECTED))) {
          return true;
        }
        client.pods().inNamespace(app).withName(APP_POD).withGracePeriod(0).delete();
        awaitGone(() -> client.pods().inNamespace(app).withName(APP_POD).get());
        return false;
      }, () -> "annotations " + (pod[0] == null ? "none" : pod[0].getMetadata().getAnnotations()));
      created(new Cleanup("pod " + app + "/" + APP_POD, () -> client.pods().inNamespace(app).withName(APP_POD).delete()));
      Container init = pod[0].getSpec().getInitContainers().stream()
          .filter(c -> ObjectNames.INJECTION_INIT_CONTAINER.equals(c.getName())).findFirst()
          .orElseThrow(() -> new AssertionError("the injected pod has no init container " + ObjectNames.INJECTION_INIT_CONTAINER));
      if (!operatorImage.equals(init.getImage())) {
        throw new AssertionError("init container image " + init.getImage() + ", expected the chart's " + operatorImage);
      }
      String facts = "namespace " + app + " labelled " + Labels.DYNAKUBE_INSTANCE + "=" + name + ", "
          + ObjectNames.BOOTSTRAPPER_CONFIG_SECRET + " replicated; pod " + APP_POD + " injected=true delivery="
          + annotation(pod[0], Annotations.ONEAGENT_DELIVERY) + ", init image " + init.getImage();
      summary.add("  " + facts);
      return facts;
    });
  }

  /** helm upgrade --install of this checkout's chart with the page's values; uninstalled by the clean-up. */
  private String helmInstall(String namespace) throws IOException, InterruptedException {
    Path helm = settings.helm().orElseThrow(() -> new IllegalStateException("helm not found (AK_HELM, PATH or "
        + "packaging/target/tools/helm/helm; install it with packaging/scripts/install-helm.sh), or pass --skip-install"));
    String image = settings.imageRepository() + ":" + settings.imageTag();
    helm(helm, List.of("upgrade", "--install", RELEASE, settings.chart().toString(), "--namespace", namespace,
        "--set", "imageRef.repository=" + settings.imageRepository(), "--set", "imageRef.tag=" + settings.imageTag(),
        "--set", "customPullSecret=" + E2eSandbox.CUSTOM_PULL_SECRET, "--wait", "--timeout", settings.timeout().toSeconds() + "s"));
    created(new Cleanup("helm release " + RELEASE, () -> {
      try {
        helm(helm, List.of("uninstall", RELEASE, "--namespace", namespace, "--wait"));
      } catch (IOException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    summary.add("  chart " + settings.chart() + " as release " + RELEASE + ": imageRef " + image + ", customPullSecret "
        + E2eSandbox.CUSTOM_PULL_SECRET);
    return "release " + RELEASE + " with imageRef " + image + " and customPullSecret " + E2eSandbox.CUSTOM_PULL_SECRET;
  }

  private void helm(Path helm, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(helm.toString()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(settings.timeout().toSeconds() + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("helm " + args.get(0) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IOException("helm " + args.get(0) + " failed (exit " + process.exitValue() + "): " + output);
    }
  }

  /** With {@code --skip-install}: the chart's operator and webhook must already be there, with the page's pull secret. */
  private String installedChart(String namespace) {
    List<String> facts = new ArrayList<>();
    for (String name : List.of(ObjectNames.OPERATOR_DEPLOYMENT, ObjectNames.WEBHOOK_DEPLOYMENT)) {
      Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (deployment == null) {
        throw new IllegalStateException("Deployment " + namespace + "/" + name + " not found: install the chart first or drop "
            + "--skip-install");
      }
      PodSpec spec = deployment.getSpec().getTemplate().getSpec();
      facts.add(name + " " + spec.getContainers().get(0).getImage() + " pullSecrets " + names(spec.getImagePullSecrets()));
    }
    summary.add("  chart installed before the run: " + String.join("; ", facts));
    return String.join("; ", facts);
  }

  private static boolean sourcesReady(DynaKube dk, DynaKubeStatus status) {
    var spec = dk.getSpec();
    boolean ok = true;
    if (spec.getOneAgent().cloudNative() != null) {
      ok = custom(status.getOneAgent()) && custom(status.getCodeModules());
    } else if (spec.getOneAgent().getApplicationMonitoring() != null) {
      ok = custom(status.getCodeModules());
    }
    if (spec.getActiveGate() != null && spec.getActiveGate().getImage() != null) {
      ok &= custom(status.getActiveGate());
    }
    return ok;
  }

  private static boolean custom(VersionStatus status) {
    return status != null && "custom-image".equals(status.getSource());
  }

  private static String imageId(String component, VersionStatus status, String expected) {
    if (!expected.equals(status.getImageID())) {
      throw new AssertionError(component + " imageID " + status.getImageID() + ", expected " + expected);
    }
    return component + " custom-image " + expected;
  }

  private static String workload(String kind, HasMetadata object, PodSpec spec, String image, List<String> secrets) {
    if (object == null) {
      throw new AssertionError("no " + kind + " for the DynaKube");
    }
    String name = object.getMetadata().getName();
    String actual = spec.getContainers().get(0).getImage();
    if (!image.equals(actual)) {
      throw new AssertionError(kind + " " + name + " runs " + actual + ", expected " + image);
    }
    if (!secrets.equals(names(spec.getImagePullSecrets()))) {
      throw new AssertionError(kind + " " + name + " imagePullSecrets " + names(spec.getImagePullSecrets()) + ", expected " + secrets);
    }
    return kind + " " + name + ": image " + actual + ", imagePullSecrets " + secrets;
  }

  private static List<String> names(List<LocalObjectReference> references) {
    return references == null ? List.of() : references.stream().map(LocalObjectReference::getName).toList();
  }

  private static String describe(DynaKubeStatus status) {
    if (status == null) {
      return "no status yet";
    }
    return "phase " + status.getPhase() + ", oneAgent " + source(status.getOneAgent()) + ", activeGate "
        + source(status.getActiveGate()) + ", codeModules " + source(status.getCodeModules());
  }

  private static String source(VersionStatus status) {
    return status == null ? "-" : status.getSource();
  }

  private static String label(Namespace namespace) {
    return namespace == null || namespace.getMetadata().getLabels() == null ? null
        : namespace.getMetadata().getLabels().get(Labels.DYNAKUBE_INSTANCE);
  }

  private static String annotation(Pod pod, String key) {
    return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(key);
  }

  /** Creates or replaces a Secret; removed by the clean-up only when this run created it. */
  private void secret(String namespace, String name, String type, Map<String, String> plain) {
    boolean existed = client.secrets().inNamespace(namespace).withName(name).get() != null;
    Map<String, String> data = new LinkedHashMap<>();
    // data, not stringData: what reads the Secret back (operator, webhook) sees data only, and so does every API server
    plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withType(type).withData(data).build()).createOr(c -> c.update());
    if (!existed) {
      created(new Cleanup("Secret " + name, () -> client.secrets().inNamespace(namespace).withName(name).delete()));
    }
  }

  private Cleanup namespace(String name) {
    return new Cleanup("namespace " + name, () -> client.namespaces().withName(name).delete());
  }

  /** Deletes the DynaKube and waits for the operator's cleaner to drop its finalizer (operator.md §12). */
  private void deleteDynaKube(DynaKube dk) {
    var resource = client.resources(DynaKube.class).inNamespace(dk.getMetadata().getNamespace()).withName(dk.getMetadata().getName());
    resource.delete();
    awaitGone(resource::get);
  }

  private void created(Cleanup cleanup) {
    created.push(cleanup);
  }

  /** Removes what the run created, newest first; with {@code --keep} only says what is left. */
  private synchronized void cleanUp() {
    if (settings.keep() && !created.isEmpty()) {
      out.println("Kept (--keep): " + String.join(", ", created.stream().map(Cleanup::what).toList()));
      created.clear();
    }
    List<String> removed = new ArrayList<>();
    while (!created.isEmpty()) {
      Cleanup cleanup = created.pop();
      try {
        cleanup.action().run();
        removed.add(cleanup.what());
      } catch (RuntimeException | AssertionError e) {
        out.println("clean-up of " + cleanup.what() + " failed: " + oneLine(e));
      }
    }
    if (!removed.isEmpty()) {
      out.println("Cleaned up: " + String.join(", ", removed));
    }
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private interface Step {
    String run() throws Exception;
  }

  private void step(String name, Step body) throws Exception {
    step++;
    long started = System.nanoTime();
    out.printf(Locale.ROOT, "[%d/%d] %s …%n", step, STEPS, name);
    String facts = body.run();
    out.printf(Locale.ROOT, "[%d/%d] %s … ok (%.1fs): %s%n", step, STEPS, name, (System.nanoTime() - started) / 1e9, facts);
    out.flush();
  }

  /** Polls every second up to the run's timeout, printing a progress line every ten seconds with the current state. */
  private void await(String what, Supplier<Boolean> condition, Supplier<String> state) {
    long started = System.nanoTime();
    long deadline = started + settings.timeout().toNanos();
    long nextProgress = started + PROGRESS_EVERY.toNanos();
    while (!Boolean.TRUE.equals(condition.get())) {
      long now = System.nanoTime();
      if (now > deadline) {
        throw new AssertionError("timed out after " + settings.timeout().toSeconds() + "s waiting for " + what + " (" + state.get()
            + ")");
      }
      if (now > nextProgress) {
        out.printf(Locale.ROOT, "      waiting %ds for %s: %s%n", TimeUnit.NANOSECONDS.toSeconds(now - started), what, state.get());
        nextProgress = now + PROGRESS_EVERY.toNanos();
      }
      sleep();
    }
  }

  private void awaitGone(Supplier<?> lookup) {
    await("deletion", () -> Objects.isNull(lookup.get()), () -> "still present");
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The cause chain's messages on one line, never a stack trace. */
  private static String oneLine(Throwable e) {
    StringBuilder text = new StringBuilder(Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString().replace('\n', ' ');
  }
}
