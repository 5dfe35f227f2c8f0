package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.TenantSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the client logs: method, path, status and duration of each exchange; never a token, in logs or messages. */
class TenantClientLoggingIT {

  @Test
  void logsExchangesWithoutAnySecret() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    StringBuilder messages = new StringBuilder();
    try (TenantSimulator sim = TenantSimulator.startHttps()) {
      SimClients.addPaasToken(sim);
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (TenantClient client = new TenantClient(
          SimClients.config(sim, new TenantTokens(SimClients.API_TOKEN, SimClients.PAAS_TOKEN)).build())) {
        client.tokenScopes(TokenKind.API);
        client.tokenScopes(TokenKind.PAAS);
        messages.append(client.agentConnectionInfo());
        messages.append(client.createActiveGateToken("dk1"));
        client.downloadCodeModules(ZipRequest.latest(CodeModulesFlavor.MULTIDISTRO, Arch.X86), new ByteArrayOutputStream());
        sim.fault(SimFault.status(401).onPath(".*/metainfo").once());
        messages.append(catchThrowable(client::latestAgentVersion).getMessage());
        messages.append(client.config());
      }
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).containsPattern("POST /api/v2/apiTokens/lookup -> 200 in \\d+ ms")
        .containsPattern("GET /api/v1/deployment/installer/agent/connectioninfo -> 200 in \\d+ ms")
        .containsPattern("GET /api/v1/deployment/installer/agent/unix/default/latest/metainfo -> 401 in \\d+ ms")
        .contains("Downloaded code modules latest");
    for (String secret : new String[] {SimClients.API_TOKEN, SimClients.PAAS_TOKEN, "tt-agent-0001", "sim-ag-token-0001"}) {
      assertThat(log).doesNotContain(secret);
      assertThat(messages.toString()).doesNotContain(secret);
    }
  }

  @Test
  void aRefusedConnectionNamesHostAndPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TenantClient client = new TenantClient(TenantClientConfig.builder("https://127.0.0.1:" + port + "/api",
        TenantTokens.apiOnly("secret-token")).build())) {
      Throwable t = catchThrowable(client::latestGatewayVersion);

      assertThat(t).isInstanceOfSatisfying(TenantApiException.class, e -> {
        assertThat(e.kind()).isEqualTo(TenantErrorKind.TRANSIENT);
        assertThat(e.statusCode()).isZero();
        assertThat(e.getMessage()).startsWith("Cannot connect to 127.0.0.1:" + port).doesNotContain("secret-token");
      });
    }
  }
}
