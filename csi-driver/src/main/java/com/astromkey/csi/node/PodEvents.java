package com.astromkey.csi.node;

/** Kubernetes events the server emits on pods (csi-driver.md §9); the cluster-backed implementation rate-limits them. */
public interface PodEvents {
  /** Warning {@code CodeModulesUnavailable}: the pod starts without code modules after retryTimeout. */
  void codeModulesUnavailable(String namespace, String pod, String dynakube, String node);

  /** For runs without API access (tests, sandbox): logs what would have been sent. */
  static PodEvents logging() {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PodEvents.class);
    return (namespace, pod, dynakube, node) -> log.warn(
        "Pod {}/{} starts without code modules: DynaKube {} has none installed on node {} (event CodeModulesUnavailable)",
        namespace, pod, dynakube, node);
  }
}
