package com.astromkey.bootstrap.configure;

import com.astromkey.bootstrap.config.ContainerAttributes;
import com.astromkey.bootstrap.config.PodAttributes;

/** The per-container {@code container.conf} of bootstrap.md §2.2 and README §5.1; empty values are omitted. */
public final class ContainerConf {
  static final String CONTAINER = "container";
  static final String HOST = "host";

  private ContainerConf() {}

  /** {@code tenant} is used only with {@code fullstack}. */
  public static String render(ContainerAttributes container, PodAttributes pod, boolean fullstack, String tenant) {
    IniDocument doc = new IniDocument()
        .set(CONTAINER, "containerName", container.name())
        .set(CONTAINER, "imageName", container.imageName())
        .set(CONTAINER, "k8s_cluster_id", pod.clusterUid())
        .set(CONTAINER, "k8s_containername", container.name())
        .set(CONTAINER, "k8s_podname", pod.podName())
        .set(CONTAINER, "k8s_namespace", pod.namespace())
        .set(CONTAINER, "k8s_poduid", pod.podUid());
    if (fullstack) {
      doc.set(CONTAINER, "k8s_node_name", pod.nodeName())
          .set(HOST, "cloudNativeFullStack", "true")
          .set(HOST, "tenant", tenant);
    }
    return doc.render();
  }
}
