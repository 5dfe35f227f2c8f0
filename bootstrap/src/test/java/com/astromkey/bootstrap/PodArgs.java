package com.astromkey.bootstrap;

import com.astromkey.domain.names.BootstrapFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The init-container args of webhook.md §4.2 (what InitContainerFactory writes), with test directories. */
final class PodArgs {
  static final String APP = "{\"k8s.container.name\":\"app\",\"container_image.registry\":\"registry.example.com\","
      + "\"container_image.repository\":\"shop/app\",\"container_image.tags\":\"1.2\",\"container_image.digest\":"
      + "\"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}";
  static final String SIDECAR = "{\"k8s.container.name\":\"sidecar\",\"container_image.registry\":\"docker.io\","
      + "\"container_image.repository\":\"library/busybox\",\"container_image.tags\":\"1.36\"}";
  static final String CLUSTER_UID = "11111111-2222-3333-4444-555555555555";

  private final List<String> args = new ArrayList<>();

  private PodArgs() {}

  /** Every arg the webhook always writes, with both containers. */
  static PodArgs standard(Path source, Path target, Path config, Path input, Path terminationLog) {
    PodArgs a = new PodArgs();
    a.add(BootstrapFlags.SOURCE, source.toString())
        .add(BootstrapFlags.TARGET, target.toString())
        .add(BootstrapFlags.INSTALL_PATH, "/opt/astromkey/oneagent-paas")
        .add(BootstrapFlags.CONFIG_DIRECTORY, config.toString())
        .add(BootstrapFlags.INPUT_DIRECTORY, input.toString())
        .add(BootstrapFlags.ATTRIBUTE_CONTAINER, APP)
        .add(BootstrapFlags.ATTRIBUTE_CONTAINER, SIDECAR)
        .add(BootstrapFlags.ATTRIBUTE, "k8s.pod.name=app-7d9f-abcde")
        .add(BootstrapFlags.ATTRIBUTE, "k8s.pod.uid=9a8b7c6d-0000-1111-2222-333344445555")
        .add(BootstrapFlags.ATTRIBUTE, "k8s.namespace.name=shop")
        .add(BootstrapFlags.ATTRIBUTE, "k8s.node.name=node-1")
        .add(BootstrapFlags.ATTRIBUTE, "k8s.cluster.uid=" + CLUSTER_UID)
        .add(BootstrapFlags.TERMINATION_LOG, terminationLog.toString());
    return a;
  }

  PodArgs add(String flag, String value) {
    args.add(BootstrapFlags.withValue(flag, value));
    return this;
  }

  /** Replaces every earlier value of {@code flag}. */
  PodArgs set(String flag, String value) {
    args.removeIf(a -> a.startsWith(flag + "="));
    return add(flag, value);
  }

  PodArgs flag(String flag) {
    args.add(flag);
    return this;
  }

  String[] toArray() {
    return args.toArray(String[]::new);
  }
}
