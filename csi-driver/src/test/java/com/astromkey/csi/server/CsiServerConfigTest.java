package com.astromkey.csi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** csi-server options, environment, defaults and usage errors. */
class CsiServerConfigTest {
  @Test
  void readsTheDaemonSetArgumentsAndEnvironment() {
    CsiServerConfig c = CsiServerConfig.from(
        new String[] {"--csi-socket=/csi/csi.sock", "--node-id=node-a", "--kubelet-dir=/var/lib/k0s/kubelet"},
        Map.of("AK_CSI_DATA_DIR", "/data", "AK_CSI_MAX_GRPC_REQUESTS", "7"));
    assertThat(c.csiSocket()).isEqualTo(Path.of("/csi/csi.sock"));
    assertThat(c.nodeId()).isEqualTo("node-a");
    assertThat(c.kubeletDir()).isEqualTo(Path.of("/var/lib/k0s/kubelet"));
    assertThat(c.dataDir()).isEqualTo(Path.of("/data"));
    assertThat(c.maxGrpcRequests()).isEqualTo(7);
    assertThat(c.metricsPort()).isEqualTo(8080);
  }

  @Test
  void defaultsFollowTheSpec() {
    CsiServerConfig c = CsiServerConfig.from(new String[] {"--csi-socket", "/csi/csi.sock"}, Map.of("AK_NODE_NAME", "node-b"));
    assertThat(c.nodeId()).isEqualTo("node-b");
    assertThat(c.kubeletDir()).isEqualTo(Path.of("/var/lib/kubelet"));
    assertThat(c.dataDir()).isEqualTo(Path.of("/data"));
    assertThat(c.maxGrpcRequests()).isEqualTo(20);
  }

  @Test
  void rejectsMissingUnknownAndNonsenseOptions() {
    assertThatThrownBy(() -> CsiServerConfig.from(new String[] {"--node-id=a"}, Map.of())).hasMessageContaining("--csi-socket");
    assertThatThrownBy(() -> CsiServerConfig.from(new String[] {"--csi-socket=/s"}, Map.of())).hasMessageContaining("--node-id");
    assertThatThrownBy(() -> CsiServerConfig.from(new String[] {"--csi-socket=/s", "--node-id=a", "--nodeid=b"}, Map.of()))
        .hasMessageContaining("unknown option --nodeid");
    assertThatThrownBy(() -> CsiServerConfig.from(new String[] {"--csi-socket=/s", "--node-id=a"}, Map.of("AK_CSI_MAX_GRPC_REQUESTS", "0")))
        .hasMessageContaining("AK_CSI_MAX_GRPC_REQUESTS");
  }

  @Test
  void mainPrintsUsageForHelpAndExitsTwoOnBadArguments() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(CsiServerMain.run(new String[] {"--help"}, Map.of(), o, e)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: csi-server");
    assertThat(CsiServerMain.run(new String[] {"--bogus=1"}, Map.of(), o, e)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus").contains("usage: csi-server");
  }
}
