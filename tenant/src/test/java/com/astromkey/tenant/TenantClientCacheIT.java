package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.sandbox.time.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.sandbox.tenant.TenantSimulator;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The response cache as the simulator sees it: hits and misses counted in its request log, time from a test clock. */
class TenantClientCacheIT {
  private static final String METAINFO = ".*/agent/unix/default/latest/metainfo";

  private final TestClock clock = new TestClock(Instant.parse("2026-11-27T08:00:00Z"));
  private TenantSimulator sim;

  @BeforeEach
  void start() {
    sim = TenantSimulator.startHttps();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private TenantClient client(Duration threshold) {
    return new TenantClient(SimClients.config(sim).clock(clock).requestThreshold(threshold).build());
  }

  @Test
  void identicalRequestsWithinTheThresholdHitTheTenantOnce() {
    try (TenantClient client = client(Duration.ofMinutes(15))) {
      client.latestAgentVersion();
      clock.advance(Duration.ofMinutes(14).plusSeconds(59));
      client.latestAgentVersion();
      assertThat(sim.count(METAINFO)).isEqualTo(1);

      clock.advance(Duration.ofSeconds(1));
      client.latestAgentVersion();
      assertThat(sim.count(METAINFO)).isEqualTo(2);
    }
  }

  @Test
  void aNewValueIsSeenOnlyAfterTheThreshold() {
    try (TenantClient client = client(Duration.ofMinutes(15))) {
      assertThat(client.latestGatewayVersion()).isEqualTo("1.301.2.20240916-080000");
      sim.state().setLatestGatewayVersion("1.302.0.20241001-000000");
      assertThat(client.latestGatewayVersion()).isEqualTo("1.301.2.20240916-080000");
      clock.advance(Duration.ofMinutes(15));
      assertThat(client.latestGatewayVersion()).isEqualTo("1.302.0.20241001-000000");
    }
  }

  @Test
  void differentQueriesAreDifferentEntries() {
    try (TenantClient client = client(Duration.ofMinutes(15))) {
      client.latestCodeModulesVersion(CodeModulesFlavor.MULTIDISTRO, Arch.X86);
      client.latestCodeModulesVersion(CodeModulesFlavor.MULTIDISTRO, Arch.ARM);
      client.latestCodeModulesVersion(CodeModulesFlavor.MULTIDISTRO, Arch.X86);
      client.processModuleConfig("a");
      client.processModuleConfig("b");
      client.processModuleConfig("a");
    }
    assertThat(sim.count(".*/paas/latest/metainfo")).isEqualTo(2);
    assertThat(sim.count(".*/processmoduleconfig")).isEqualTo(2);
  }

  @Test
  void postsAndDownloadsAreNeverCached() {
    try (TenantClient client = client(Duration.ofMinutes(15))) {
      client.tokenScopes(TokenKind.API);
      client.tokenScopes(TokenKind.API);
      client.createActiveGateToken("dk1");
      client.createActiveGateToken("dk1");
      ZipRequest zip = ZipRequest.latest(CodeModulesFlavor.MULTIDISTRO, Arch.X86);
      client.downloadCodeModules(zip, new ByteArrayOutputStream());
      client.downloadCodeModules(zip, new ByteArrayOutputStream());
    }
    assertThat(sim.count(".*/v2/apiTokens/lookup")).isEqualTo(2);
    assertThat(sim.count(".*/v2/activeGateTokens")).isEqualTo(2);
    assertThat(sim.count(".*/paas/latest")).isEqualTo(2);
  }

  @Test
  void aZeroThresholdDisablesTheCache() {
    try (TenantClient client = client(Duration.ZERO)) {
      client.agentConnectionInfo();
      client.agentConnectionInfo();
    }
    assertThat(sim.count(".*/agent/connectioninfo")).isEqualTo(2);
  }

  @Test
  void clearCacheForgetsEverything() {
    try (TenantClient client = client(Duration.ofMinutes(15))) {
      client.gatewayConnectionInfo();
      client.clearCache();
      client.gatewayConnectionInfo();
    }
    assertThat(sim.count(".*/gateway/connectioninfo")).isEqualTo(2);
  }

  @Test
  void theObserverSeesEveryExchangeButNoCacheHit() {
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (TenantClient client = new TenantClient(SimClients.config(sim).clock(clock).build(),
        (endpoint, code, duration) -> seen.add(endpoint + ":" + code))) {
      client.latestAgentVersion();
      client.latestAgentVersion();
      client.gatewayConnectionInfo();
      sim.fault(com.astromkey.sandbox.tenant.SimFault.status(503).onPath(".*/gateway/unix/latest/metainfo").once());
      org.assertj.core.api.Assertions.catchThrowable(client::latestGatewayVersion);
      sim.fault(com.astromkey.sandbox.tenant.SimFault.reset().onPath(".*/processmoduleconfig").times(2));
      org.assertj.core.api.Assertions.catchThrowable(() -> client.processModuleConfig(null));
    }
    assertThat(seen).containsExactly("4a:200", "3:200", "5:503", "9:io_error");
  }

  @Test
  void clientsDoNotShareTheirCache() {
    try (TenantClient first = client(Duration.ofMinutes(15)); TenantClient second = client(Duration.ofMinutes(15))) {
      first.latestAgentVersion();
      second.latestAgentVersion();
    }
    assertThat(sim.count(METAINFO)).isEqualTo(2);
  }
}
