package com.astromkey.bootstrap.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one run: the termination-log line of bootstrap.md §3 and the process exit code of §4.
 *
 * @param delivery {@code null} when the run failed before the delivery was known (e.g. invalid flags)
 * @param version empty when unknown
 * @param failure {@code null} on success
 */
public record BootstrapResult(Delivery delivery, String version, BootstrapException failure) {
  private static final ObjectMapper JSON = new ObjectMapper();
  // the kubelet keeps at most 4096 bytes of a termination message; the reason must not push the JSON past it
  static final int MAX_REASON_CHARS = 2000;

  public BootstrapResult {
    version = version == null ? "" : version;
  }

  public static BootstrapResult ok(Delivery delivery, String version) {
    return new BootstrapResult(delivery, version, null);
  }

  public static BootstrapResult failed(Delivery delivery, String version, BootstrapException failure) {
    return new BootstrapResult(delivery, version, failure);
  }

  public boolean isOk() {
    return failure == null;
  }

  public ExitCode exitCode() {
    return failure == null ? ExitCode.OK : failure.exitCode();
  }

  public String reason() {
    if (failure == null) {
      return "";
    }
    String reason = failure.getMessage() == null ? failure.exitCode().name() : failure.getMessage();
    return reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
  }

  /** {@code {"result":"ok|failed","delivery":"csi|copy|zip","version":"…","reason":"…"}} on one line. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("result", isOk() ? "ok" : "failed");
    node.put("delivery", delivery == null ? "" : delivery.label());
    node.put("version", version);
    node.put("reason", reason());
    return node.toString();
  }
}
