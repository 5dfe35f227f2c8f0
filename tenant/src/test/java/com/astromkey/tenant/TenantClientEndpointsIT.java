package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.sandbox.tenant.SimRequest;
import com.astromkey.sandbox.tenant.SimToken;
import com.astromkey.sandbox.tenant.TenantSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of tenant-api.md §2 against the simulator over HTTPS: path, query, token kind and typed answer. */
class TenantClientEndpointsIT {
  private static final String INSTALLER = "/api/v1/deployment/installer";

  private TenantSimulator sim;

  @BeforeEach
  void start() {
    sim = TenantSimulator.startHttps();
    SimClients.addPaasToken(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private TenantClient apiOnly() {
    return new TenantClient(SimClients.config(sim).build());
  }

  private TenantClient withPaas() {
    return new TenantClient(SimClients.config(sim, new TenantTokens(SimClients.API_TOKEN, SimClients.PAAS_TOKEN)).build());
  }

  private SimRequest only(String path) {
    List<SimRequest> r = sim.requests(path);
    assertThat(r).hasSize(1);
    return r.get(0);
  }

  @Test
  void agentConnectionInfoWithoutZoneSendsNoQueryAndUsesThePaasToken() {
    try (TenantClient client = withPaas()) {
      ConnectionInfo info = client.agentConnectionInfo();

      assertThat(info.tenantUUID()).isEqualTo("abc12345");
      assertThat(info.tenantToken()).isEqualTo("tt-agent-0001");
      assertThat(info.endpoints()).isEqualTo("https://" + sim.hostPort() + "/communication");
      assertThat(info.communicationHosts()).containsExactly(new CommunicationEndpoint("https", "127.0.0.1", sim.port()));
      assertThat(info.isEmpty()).isFalse();
      assertThat(info.toString()).doesNotContain("tt-agent-0001");
    }
    SimRequest r = only(INSTALLER + "/agent/connectioninfo");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.query()).isEmpty();
    assertThat(r.tokenKind()).isEqualTo("paas");
    assertThat(r.userAgent()).isEqualTo("astromkey-operator/1.2.3 (operator)");
    assertThat(r.accept()).isEqualTo("application/json");
  }

  @Test
  void paasEndpointsUseTheApiTokenWhenNoPaasTokenIsPresent() {
    try (TenantClient client = apiOnly()) {
      client.agentConnectionInfo();
      client.latestAgentVersion();
    }
    assertThat(sim.requests()).extracting(SimRequest::tokenKind).containsOnly("api");
  }

  @Test
  void agentConnectionInfoForAZoneAsksForDefaultZoneFallbackAndDeduplicatesEndpoints() {
    sim.state().agentEndpointsForZone("z1", List.of(" https://a.example:9999/communication ", "",
        "https://a.example:9999/communication", "http://b.example/communication", "::not a url::",
        "https://c.example/communication"));
    try (TenantClient client = new TenantClient(SimClients.config(sim).networkZone("z1").build())) {
      ConnectionInfo info = client.agentConnectionInfo();

      assertThat(info.endpoints()).isEqualTo("https://a.example:9999/communication;http://b.example/communication;"
          + "::not a url::;https://c.example/communication");
      assertThat(info.communicationHosts()).containsExactly(
          new CommunicationEndpoint("https", "a.example", 9999),
          new CommunicationEndpoint("http", "b.example", 80),
          new CommunicationEndpoint("https", "c.example", 443));
    }
    SimRequest r = only(INSTALLER + "/agent/connectioninfo");
    assertThat(r.query()).isEqualTo(Map.of("networkZone", List.of("z1"), "defaultZoneFallback", List.of("true")));
  }

  @Test
  void agentConnectionInfoAnswering400ForAZoneIsAnEmptyResultNotAnError() {
    sim.state().setNoActiveGateZones(Set.of("z2"));
    try (TenantClient client = new TenantClient(SimClients.config(sim).networkZone("z2").build())) {
      ConnectionInfo info = client.agentConnectionInfo();

      assertThat(info.isEmpty()).isTrue();
      // empty results are not cached: the next call asks again
      client.agentConnectionInfo();
    }
    assertThat(sim.requests(INSTALLER + "/agent/connectioninfo")).extracting(SimRequest::status).containsExactly(400, 400);
  }

  @Test
  void gatewayConnectionInfoSendsOnlyTheZone() {
    sim.state().setGatewayEndpoints("https://ag1.example/communication;;https://ag1.example/communication; https://ag2.example:8443/c");
    try (TenantClient client = new TenantClient(SimClients.config(sim).networkZone("z1").build())) {
      ConnectionInfo info = client.gatewayConnectionInfo();

      assertThat(info.tenantToken()).isEqualTo("tt-ag-0001");
      assertThat(info.endpoints()).isEqualTo("https://ag1.example/communication;https://ag2.example:8443/c");
    }
    assertThat(only(INSTALLER + "/gateway/connectioninfo").query()).isEqualTo(Map.of("networkZone", List.of("z1")));
  }

  @Test
  void latestVersionsOfOneAgentCodeModulesAndActiveGate() {
    try (TenantClient client = withPaas()) {
      assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
      sim.state().setLatestPaasVersion("1.302.1.20241001-000000");
      assertThat(client.latestCodeModulesVersion(CodeModulesFlavor.MULTIDISTRO, Arch.ARM)).isEqualTo("1.302.1.20241001-000000");
      assertThat(client.latestGatewayVersion()).isEqualTo("1.301.2.20240916-080000");
    }
    assertThat(only(INSTALLER + "/agent/unix/default/latest/metainfo").query())
        .isEqualTo(Map.of("flavor", List.of("default"), "bitness", List.of("64")));
    assertThat(only(INSTALLER + "/agent/unix/paas/latest/metainfo").query())
        .isEqualTo(Map.of("flavor", List.of("multidistro"), "arch", List.of("arm"), "bitness", List.of("64")));
    assertThat(only(INSTALLER + "/gateway/unix/latest/metainfo").query()).isEmpty();
    assertThat(sim.requests()).extracting(SimRequest::tokenKind).containsOnly("paas");
  }

  @Test
  void availableVersions() {
    try (TenantClient client = withPaas()) {
      assertThat(client.availableVersions(CodeModulesFlavor.MULTIDISTRO, Arch.X86))
          .containsExactly("1.299.0.20240801-100000", "1.301.0.20240915-120000");
    }
    assertThat(only(INSTALLER + "/agent/versions/unix/paas").query())
        .isEqualTo(Map.of("flavor", List.of("multidistro"), "arch", List.of("x86")));
  }

  @Test
  void processModuleConfigWithAndWithoutHostGroup() {
    try (TenantClient client = withPaas()) {
      ProcessModuleConfig config = client.processModuleConfig(null);
      assertThat(config.revision()).isEqualTo(7);
      assertThat(config.properties()).hasSize(4);
      assertThat(config.value("general", "libraryPath64")).contains("\"../agent/lib64\"");
      assertThat(config.value("agentType", "java")).contains("on");

      client.processModuleConfig("hg-1");
    }
    assertThat(sim.requests(INSTALLER + "/agent/processmoduleconfig")).extracting(SimRequest::query).containsExactly(
        Map.of("sections", List.of("general,agentType")),
        Map.of("sections", List.of("general,agentType"), "hostgroup", List.of("hg-1")));
  }

  @Test
  void tokenLookupChecksEachTokenWithTheApiTokenInTheHeader() {
    try (TenantClient client = withPaas()) {
      assertThat(client.tokenScopes(TokenKind.API).scopes()).containsExactlyElementsOf(SimToken.ALL_SCOPES);
      TokenScopes paas = client.tokenScopes(TokenKind.PAAS);
      assertThat(paas.missing(List.of(TokenScopes.INSTALLER_DOWNLOAD, TokenScopes.ACTIVE_GATE_TOKEN_CREATE)))
          .containsExactly(TokenScopes.ACTIVE_GATE_TOKEN_CREATE);
    }
    List<SimRequest> lookups = sim.requests("/api/v2/apiTokens/lookup");
    assertThat(lookups).extracting(SimRequest::method).containsOnly("POST");
    assertThat(lookups).extracting(SimRequest::tokenKind).containsOnly("api");
  }

  @Test
  void createActiveGateTokenSendsAnEnvironmentTokenExpiringIn60Days() {
    ActiveGateToken token;
    try (TenantClient client = withPaas()) {
      token = client.createActiveGateToken("dk1");
    }
    assertThat(token.id()).isEqualTo("agt-0001");
    assertThat(token.token()).isEqualTo("sim-ag-token-0001");
    assertThat(token.toString()).doesNotContain("sim-ag-token-0001");
    Map<String, Object> issued = sim.issuedActiveGateTokens().get(0);
    assertThat(issued).containsEntry("name", "dk1").containsEntry("activeGateType", "ENVIRONMENT").containsEntry("seedToken", false);
    Instant expiry = Instant.parse((String) issued.get("expirationDate"));
    assertThat(Duration.between(Instant.now().plus(Duration.ofDays(60)), expiry).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(token.expirationDate()).isEqualTo(expiry);
    assertThat(only("/api/v2/activeGateTokens").tokenKind()).isEqualTo("api");
  }

  @Test
  void downloadByVersionStreamsTheZipWithRepeatedIncludes(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("codemodules.zip");
    DownloadResult result;
    try (TenantClient client = withPaas()) {
      result = client.downloadCodeModules(
          ZipRequest.version("1.299.0.20240801-100000", CodeModulesFlavor.MULTIDISTRO, Arch.X86).withIncludes(List.of("java", "php")),
          target);
    }
    byte[] expected = sim.zip("1.299.0.20240801-100000", "x86", "multidistro", List.of("java", "php"));
    assertThat(Files.readAllBytes(target)).isEqualTo(expected);
    assertThat(result.size()).isEqualTo(expected.length);
    assertThat(result.sha256()).isEqualTo(sha256(expected));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
    SimRequest r = only(INSTALLER + "/agent/unix/paas/version/1.299.0.20240801-100000");
    assertThat(r.accept()).isEqualTo("application/octet-stream");
    assertThat(r.query()).isEqualTo(Map.of("flavor", List.of("multidistro"), "arch", List.of("x86"), "bitness", List.of("64"),
        "skipMetadata", List.of("true"), "include", List.of("java", "php")));
  }

  @Test
  void downloadLatestToAStreamIncludesAll() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TenantClient client = withPaas()) {
      DownloadResult result = client.downloadCodeModules(ZipRequest.latest(CodeModulesFlavor.DEFAULT, Arch.ARM), out);
      assertThat(result.sha256()).isEqualTo(sha256(out.toByteArray()));
    }
    assertThat(out.toByteArray()).isEqualTo(sim.zip(sim.state().getLatestPaasVersion(), "arm", "default", List.of()));
    assertThat(only(INSTALLER + "/agent/unix/paas/latest").query()).containsEntry("include", List.of("all"));
  }

  @Test
  void downloadOfAnUnknownVersionIsNotAvailable(@TempDir Path dir) {
    Path target = dir.resolve("cm.zip");
    try (TenantClient client = withPaas()) {
      assertThatThrownBy(() -> client.downloadCodeModules(ZipRequest.version("1.1.1.20200101-000000", CodeModulesFlavor.DEFAULT, Arch.X86), target))
          .isInstanceOfSatisfying(TenantApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(TenantErrorKind.NOT_FOUND);
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.getMessage()).contains("1.1.1.20200101-000000").contains("not available");
          });
    }
    assertThat(target).doesNotExist();
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void aTokenWithoutTheScopeGetsMissingScope() {
    sim.state().addToken("weak-token", new SimToken("weak", "api", List.of(SimToken.ACTIVE_GATE_TOKEN_CREATE)));
    try (TenantClient client = new TenantClient(SimClients.config(sim, TenantTokens.apiOnly("weak-token")).build())) {
      assertThatThrownBy(client::latestAgentVersion).isInstanceOfSatisfying(TenantApiException.class, e -> {
        assertThat(e.isMissingScope()).isTrue();
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.serverMessage()).contains("InstallerDownload");
      });
    }
  }

  @Test
  void anUnknownTokenIsInvalid() {
    try (TenantClient client = new TenantClient(SimClients.config(sim, TenantTokens.apiOnly("no-such-token")).build())) {
      assertThatThrownBy(client::agentConnectionInfo).isInstanceOfSatisfying(TenantApiException.class, e -> {
        assertThat(e.isTokenInvalid()).isTrue();
        assertThat(e.getMessage()).doesNotContain("no-such-token");
      });
    }
    assertThat(sim.requests()).extracting(SimRequest::tokenKind).containsOnly("unknown");
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
