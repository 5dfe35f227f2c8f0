package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Processing rules of tenant-api.md §2 applied to JSON answers. */
class TenantResponsesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void agentEndpointsAreTrimmedDeduplicatedInFirstSeenOrderAndJoined() throws Exception {
    ConnectionInfo info = TenantResponses.agentConnectionInfo(json("""
        {"tenantUUID":"abc12345","tenantToken":"tt-0001","communicationEndpoints":[
          "https://abc12345.live.astromkey.com:443/communication"," https://10.0.0.7:9999/communication ","",
          "https://abc12345.live.astromkey.com:443/communication","ftp://odd/x"]}"""));

    assertThat(info.endpoints()).isEqualTo(
        "https://abc12345.live.astromkey.com:443/communication;https://10.0.0.7:9999/communication;ftp://odd/x");
    assertThat(info.communicationHosts()).containsExactly(
        new CommunicationEndpoint("https", "abc12345.live.astromkey.com", 443),
        new CommunicationEndpoint("https", "10.0.0.7", 9999));
    assertThat(info.communicationHosts().get(0).toStatus().getPort()).isEqualTo(443);
  }

  @Test
  void agentEndpointsFallBackToTheFormattedString() throws Exception {
    ConnectionInfo info = TenantResponses.agentConnectionInfo(json("""
        {"tenantUUID":"u","tenantToken":"t","formattedCommunicationEndpoints":"http://a/c;https://b:8443/c;http://a/c"}"""));

    assertThat(info.endpoints()).isEqualTo("http://a/c;https://b:8443/c");
    assertThat(info.communicationHosts()).extracting(CommunicationEndpoint::port).containsExactly(80, 8443);
  }

  @Test
  void gatewayEndpointsAreOneSemicolonString() throws Exception {
    ConnectionInfo info = TenantResponses.gatewayConnectionInfo(json("""
        {"tenantUUID":"u","tenantToken":"t","communicationEndpoints":"https://a/c; https://b/c;"}"""));

    assertThat(info.endpoints()).isEqualTo("https://a/c;https://b/c");
  }

  @Test
  void aConnectionInfoWithoutUuidTokenOrEndpointsIsEmpty() throws Exception {
    assertThat(TenantResponses.agentConnectionInfo(json("{}")).isEmpty()).isTrue();
    assertThat(TenantResponses.agentConnectionInfo(json("{\"tenantUUID\":\"u\",\"tenantToken\":\"t\",\"communicationEndpoints\":[\" \"]}"))
        .isEmpty()).isTrue();
    assertThat(TenantResponses.gatewayConnectionInfo(json("{\"tenantUUID\":\"u\",\"communicationEndpoints\":\"https://a/c\"}"))
        .isEmpty()).isTrue();
  }

  @Test
  void versionsMustHaveTheFullShape() throws Exception {
    assertThat(TenantResponses.version(json("{\"latestAgentVersion\":\"1.301.0.20240915-120000\"}"), "latestAgentVersion"))
        .isEqualTo("1.301.0.20240915-120000");
    assertThatThrownBy(() -> TenantResponses.version(json("{\"latestAgentVersion\":\"1.301.0\"}"), "latestAgentVersion"))
        .hasMessage("The tenant sent latestAgentVersion '1.301.0', which is not a version like 1.301.0.20240915-120000.");
    assertThatThrownBy(() -> TenantResponses.version(json("{}"), "latestGatewayVersion"))
        .hasMessage("The tenant sent no latestGatewayVersion.");
    assertThatThrownBy(() -> TenantResponses.availableVersions(json("{\"availableVersions\":[\"1.2.3.20240101-000000\",\"x\"]}")))
        .hasMessageContaining("availableVersions 'x'");
  }

  @Test
  void processModuleConfigNeedsProperties() throws Exception {
    ProcessModuleConfig c = TenantResponses.processModuleConfig(json("""
        {"revision":7,"properties":[{"section":"general","key":"logDir","value":"../log"}]}"""));

    assertThat(c.revision()).isEqualTo(7);
    assertThat(c.properties()).containsExactly(new ProcessModuleConfig.Property("general", "logDir", "../log"));
    assertThatThrownBy(() -> TenantResponses.processModuleConfig(json("{\"revision\":7,\"properties\":[]}")))
        .isInstanceOfSatisfying(TenantApiException.class, e -> {
          assertThat(e.kind()).isEqualTo(TenantErrorKind.INVALID_CONTENT);
          assertThat(e.getMessage()).isEqualTo("process module config is empty");
        });
  }

  @Test
  void activeGateTokenNeedsIdAndToken() throws Exception {
    Instant asked = Instant.parse("2027-01-26T08:00:00Z");

    ActiveGateToken t = TenantResponses.activeGateToken(json("{\"id\":\"i\",\"token\":\"s\"}"), asked);
    assertThat(t.expirationDate()).isEqualTo(asked);
    assertThatThrownBy(() -> TenantResponses.activeGateToken(json("{\"id\":\"i\"}"), asked))
        .hasMessageContaining("without id or token");
  }

  @Test
  void tokenScopesListsWhatIsMissing() throws Exception {
    TokenScopes s = TenantResponses.tokenScopes(json("{\"scopes\":[\"InstallerDownload\"]}"));

    assertThat(s.missing(List.of("InstallerDownload", "activeGateTokenManagement.create")))
        .containsExactly("activeGateTokenManagement.create");
  }
}
