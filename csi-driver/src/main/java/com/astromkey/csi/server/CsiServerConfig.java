package com.astromkey.csi.server;

import com.astromkey.csi.cli.Args;
import com.astromkey.domain.names.EnvVars;
import com.astromkey.domain.names.PathNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Typed configuration of {@code csi-server} from its arguments and environment (csi-driver.md §2, README §4). */
public record CsiServerConfig(Path csiSocket, String nodeId, Path kubeletDir, Path dataDir, int maxGrpcRequests, int metricsPort) {
  static final String USAGE = "usage: csi-server --csi-socket=<path> --node-id=<node> [--kubelet-dir=/var/lib/kubelet] [--metrics-port=8080]";
  static final int DEFAULT_MAX_GRPC_REQUESTS = 20;

  public static CsiServerConfig from(String[] argv, Map<String, String> env) {
    Args args = Args.parse(argv, Set.of("csi-socket", "node-id", "kubelet-dir", "metrics-port"));
    String nodeId = args.get("node-id").orElseGet(() -> env.getOrDefault(EnvVars.AK_NODE_NAME, ""));
    if (nodeId.isBlank()) throw new IllegalArgumentException("option --node-id is required");
    int max = Integer.parseInt(env.getOrDefault(EnvVars.AK_CSI_MAX_GRPC_REQUESTS, String.valueOf(DEFAULT_MAX_GRPC_REQUESTS)));
    if (max < 1) throw new IllegalArgumentException(EnvVars.AK_CSI_MAX_GRPC_REQUESTS + " must be at least 1");
    return new CsiServerConfig(
        Path.of(args.require("csi-socket")),
        nodeId,
        Path.of(args.get("kubelet-dir").orElse("/var/lib/kubelet")),
        Path.of(env.getOrDefault(EnvVars.AK_CSI_DATA_DIR, PathNames.CSI_DATA_DIR)),
        max,
        args.intValue("metrics-port", 8080));
  }

  @Override
  public String toString() {
    return "csi-socket=" + csiSocket + " node-id=" + nodeId + " kubelet-dir=" + kubeletDir + " data-dir=" + dataDir
        + " max-grpc-requests=" + maxGrpcRequests + " metrics-port=" + metricsPort;
  }
}
