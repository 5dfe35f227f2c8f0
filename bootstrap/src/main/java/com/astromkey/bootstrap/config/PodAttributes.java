package com.astromkey.bootstrap.config;

import com.astromkey.bootstrap.outcome.BootstrapException;
import java.util.List;

/** The {@code --attribute key=value} pod attributes the agent configuration uses; other keys are ignored. */
public record PodAttributes(String podName, String podUid, String namespace, String nodeName, String clusterUid) {
  public static final String POD_NAME = "k8s.pod.name";
  public static final String POD_UID = "k8s.pod.uid";
  public static final String NAMESPACE = "k8s.namespace.name";
  public static final String NODE_NAME = "k8s.node.name";
  public static final String CLUSTER_UID = "k8s.cluster.uid";

  public static PodAttributes parse(List<String> attributes) {
    String podName = "";
    String podUid = "";
    String namespace = "";
    String nodeName = "";
    String clusterUid = "";
    for (String attribute : attributes) {
      int eq = attribute.indexOf('=');
      if (eq <= 0) {
        throw BootstrapException.invalidFlags("--attribute must be key=value, got '" + attribute + "'");
      }
      String key = attribute.substring(0, eq).strip();
      String value = attribute.substring(eq + 1).strip();
      switch (key) {
        case POD_NAME -> podName = value;
        case POD_UID -> podUid = value;
        case NAMESPACE -> namespace = value;
        case NODE_NAME -> nodeName = value;
        case CLUSTER_UID -> clusterUid = value;
        default -> {
          // bootstrap.md §1: other attributes are accepted and ignored, so newer webhooks do not break older images
        }
      }
    }
    return new PodAttributes(podName, podUid, namespace, nodeName, clusterUid);
  }
}
