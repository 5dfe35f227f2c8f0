package com.astromkey.e2e.sandbox;

import com.astromkey.bootstrap.BootstrapMain;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * Runs the injected init container as the kubelet would, as a real child JVM: the pod's volumes become directories (the CSI
 * volume is the published target, the projected input volume holds the replicated Secrets), {@code $(VAR)} references in
 * the arguments are expanded from the container's env, and the container's JVM options apply.
 */
public final class BootstrapRunner {
  private final KubernetesClient client;
  private final Path podsDir;

  BootstrapRunner(KubernetesClient client, Path podsDir) {
    this.client = client;
    this.podsDir = podsDir;
  }

  /** Exit code, output, and the pod directories the init container wrote into. */
  public record Run(int exit, String out, String err, Path configDir, Path binDir, Path terminationLog, List<String> args) {}

  /** {@code binDir} is what backs the {@code oneagent-bin} volume: the CSI target path, or an emptyDir. */
  public Run run(Pod pod, Path binDir, Duration timeout) throws IOException, InterruptedException {
    return run(pod, binDir, null, timeout);
  }

  /**
   * {@code imageRoot}: the init image's unpacked file system (self-extracting delivery); the code-modules directory the
   * arguments name inside the image is read from there.
   */
  public Run run(Pod pod, Path binDir, Path imageRoot, Duration timeout) throws IOException, InterruptedException {
    Container init = pod.getSpec().getInitContainers().stream()
        .filter(c -> ObjectNames.INJECTION_INIT_CONTAINER.equals(c.getName())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("pod has no init container " + ObjectNames.INJECTION_INIT_CONTAINER));
    Path podDir = Files.createDirectories(podsDir.resolve(pod.getMetadata().getUid()));
    Map<String, Path> volumes = new LinkedHashMap<>();
    volumes.put(ObjectNames.VOLUME_ONEAGENT_BIN, binDir);
    volumes.put(ObjectNames.VOLUME_ASTROMKEY_CONFIG, Files.createDirectories(podDir.resolve("config")));
    volumes.put(ObjectNames.VOLUME_ASTROMKEY_INPUT, projectedInput(pod, Files.createDirectories(podDir.resolve("input"))));
    Map<String, String> mountPaths = new LinkedHashMap<>();
    for (VolumeMount mount : init.getVolumeMounts()) {
      mountPaths.put(mount.getMountPath(), volumes.get(mount.getName()).toString());
    }
    if (imageRoot != null) {
      mountPaths.put(PathNames.CODE_MODULES_SOURCE, imageRoot.resolve(PathNames.CODE_MODULES_SOURCE.substring(1)).toString());
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : init.getEnv() == null ? List.<EnvVar>of() : init.getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), rewrite(var.getValue(), mountPaths));
      } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
        switch (var.getValueFrom().getFieldRef().getFieldPath()) {
          case "metadata.name" -> env.put(var.getName(), pod.getMetadata().getName());
          case "metadata.uid" -> env.put(var.getName(), pod.getMetadata().getUid());
          case "spec.nodeName" -> env.put(var.getName(), E2eSandbox.NODE);
          default -> { }
        }
      }
    }
    Path terminationLog = podDir.resolve("termination-log");
    List<String> args = new ArrayList<>();
    List<String> given = init.getArgs() == null ? List.of() : init.getArgs();
    // the image entrypoint dispatches on the mode; BootstrapMain is that mode's main
    for (String arg : given.isEmpty() || !given.get(0).equals("bootstrap") ? given : given.subList(1, given.size())) {
      args.add(rewrite(expand(arg, env), mountPaths));
    }
    args.add("--termination-log=" + terminationLog);
    Files.createDirectories(volumes.get(ObjectNames.VOLUME_ASTROMKEY_CONFIG).resolve(".tmp"));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath());
    command.add(BootstrapMain.class.getName());
    command.addAll(args);
    Path out = podDir.resolve("bootstrap.out");
    Path err = podDir.resolve("bootstrap.err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove(EnvVars.JAVA_TOOL_OPTIONS);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IOException("bootstrap did not finish within " + timeout.toSeconds() + "s");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
        volumes.get(ObjectNames.VOLUME_ASTROMKEY_CONFIG), binDir, terminationLog, List.copyOf(args));
  }

  /** The projected volume's Secrets as files, key = file name, as the kubelet writes them. */
  private Path projectedInput(Pod pod, Path dir) throws IOException {
    var volume = pod.getSpec().getVolumes().stream().filter(v -> ObjectNames.VOLUME_ASTROMKEY_INPUT.equals(v.getName()))
        .findFirst().orElseThrow();
    for (VolumeProjection source : volume.getProjected().getSources()) {
      if (source.getSecret() == null) {
        continue;
      }
      Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(source.getSecret().getName()).get();
      if (secret == null) {
        if (Boolean.TRUE.equals(source.getSecret().getOptional())) {
          continue;
        }
        throw new IOException("Secret " + source.getSecret().getName() + " is missing in " + pod.getMetadata().getNamespace()
            + "; the kubelet would not start the pod");
      }
      for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
        Files.write(dir.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
      }
    }
    return dir;
  }

  private static String expand(String arg, Map<String, String> env) {
    String result = arg;
    for (Map.Entry<String, String> e : env.entrySet()) {
      result = result.replace("$(" + e.getKey() + ")", e.getValue());
    }
    return result;
  }

  /** Replaces a container path under a mount with the directory backing that mount. */
  private static String rewrite(String value, Map<String, String> mountPaths) {
    String result = value;
    for (Map.Entry<String, String> m : mountPaths.entrySet()) {
      result = result.replaceAll("(?<=^|=|\\s)" + java.util.regex.Pattern.quote(m.getKey()) + "(?=/|$|\\s)",
          java.util.regex.Matcher.quoteReplacement(m.getValue()));
    }
    return result;
  }

  /** Failsafe may hide the real class path behind a manifest-only jar; it publishes the real one separately. */
  static String classPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null && !path.isBlank() ? path : System.getProperty("java.class.path").replace(";", File.pathSeparator);
  }
}
