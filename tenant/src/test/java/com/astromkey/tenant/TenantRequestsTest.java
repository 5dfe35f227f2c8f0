package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** URL building of tenant-api.md §2: paths, query names and order, token kinds and bodies. */
class TenantRequestsTest {
  private static final URI API = URI.create("https://abc12345.live.astromkey.com/api");

  private static String url(TenantRequest r) {
    return r.uri(API).toString();
  }

  @Test
  void tokenLookupIsAPostWithTheTokenInTheBodyAndTheApiToken() throws Exception {
    TenantRequest r = TenantRequests.tokenLookup("dt0c01.secret");

    assertThat(r.method()).isEqualTo("POST");
    assertThat(url(r)).isEqualTo("https://abc12345.live.astromkey.com/api/v2/apiTokens/lookup");
    assertThat(r.tokenKind()).isEqualTo(TokenKind.API);
    assertThat(new ObjectMapper().readTree(r.jsonBody()).path("token").asText()).isEqualTo("dt0c01.secret");
    assertThat(r.toString()).doesNotContain("dt0c01.secret");
  }

  @Test
  void agentConnectionInfoAddsDefaultZoneFallbackOnlyWithAZone() {
    assertThat(url(TenantRequests.agentConnectionInfo("")))
        .isEqualTo("https://abc12345.live.astromkey.com/api/v1/deployment/installer/agent/connectioninfo");
    assertThat(url(TenantRequests.agentConnectionInfo("eu west")))
        .endsWith("/agent/connectioninfo?networkZone=eu%20west&defaultZoneFallback=true");
  }

  @Test
  void gatewayConnectionInfoHasOnlyTheZone() {
    assertThat(url(TenantRequests.gatewayConnectionInfo(""))).endsWith("/v1/deployment/installer/gateway/connectioninfo");
    assertThat(url(TenantRequests.gatewayConnectionInfo("z1"))).endsWith("/gateway/connectioninfo?networkZone=z1");
  }

  @Test
  void metainfoEndpoints() {
    assertThat(url(TenantRequests.agentLatestMetainfo()))
        .endsWith("/api/v1/deployment/installer/agent/unix/default/latest/metainfo?flavor=default&bitness=64");
    assertThat(url(TenantRequests.codeModulesLatestMetainfo(CodeModulesFlavor.MULTIDISTRO, Arch.ARM)))
        .endsWith("/api/v1/deployment/installer/agent/unix/paas/latest/metainfo?flavor=multidistro&arch=arm&bitness=64");
    assertThat(url(TenantRequests.gatewayLatestMetainfo()))
        .endsWith("/api/v1/deployment/installer/gateway/unix/latest/metainfo");
  }

  @Test
  void everyGetUsesThePaasTokenKind() {
    List<TenantRequest> gets = List.of(TenantRequests.agentConnectionInfo(""), TenantRequests.gatewayConnectionInfo(""),
        TenantRequests.agentLatestMetainfo(), TenantRequests.codeModulesLatestMetainfo(CodeModulesFlavor.DEFAULT, Arch.X86),
        TenantRequests.gatewayLatestMetainfo(), TenantRequests.availableVersions(CodeModulesFlavor.DEFAULT, Arch.X86),
        TenantRequests.processModuleConfig(null), TenantRequests.codeModulesZip(ZipRequest.latest(CodeModulesFlavor.DEFAULT, Arch.X86)));

    assertThat(gets).allSatisfy(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.tokenKind()).isEqualTo(TokenKind.PAAS);
    });
  }

  @Test
  void zipByVersionRepeatsIncludes() {
    TenantRequest r = TenantRequests.codeModulesZip(
        ZipRequest.version("1.301.0.20240915-120000", CodeModulesFlavor.MULTIDISTRO, Arch.X86).withIncludes(List.of("java", "nodejs")));

    assertThat(r.endpoint()).isEqualTo("6");
    assertThat(r.download()).isTrue();
    assertThat(url(r)).endsWith("/agent/unix/paas/version/1.301.0.20240915-120000"
        + "?flavor=multidistro&arch=x86&bitness=64&skipMetadata=true&include=java&include=nodejs");
  }

  @Test
  void latestZipIncludesAllByDefault() {
    TenantRequest r = TenantRequests.codeModulesZip(ZipRequest.latest(CodeModulesFlavor.DEFAULT, Arch.ARM));

    assertThat(r.endpoint()).isEqualTo("7");
    assertThat(url(r)).endsWith("/agent/unix/paas/latest?flavor=default&arch=arm&bitness=64&skipMetadata=true&include=all");
  }

  @Test
  void availableVersionsAndProcessModuleConfig() {
    assertThat(url(TenantRequests.availableVersions(CodeModulesFlavor.MULTIDISTRO, Arch.X86)))
        .endsWith("/agent/versions/unix/paas?flavor=multidistro&arch=x86");
    assertThat(url(TenantRequests.processModuleConfig(" ")))
        .endsWith("/agent/processmoduleconfig?sections=general,agentType");
    assertThat(url(TenantRequests.processModuleConfig("my group/1")))
        .endsWith("/agent/processmoduleconfig?sections=general,agentType&hostgroup=my%20group%2F1");
  }

  @Test
  void activeGateTokenBody() throws Exception {
    TenantRequest r = TenantRequests.createActiveGateToken("dynakube", Instant.parse("2026-11-27T08:15:30.123Z"));

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.tokenKind()).isEqualTo(TokenKind.API);
    assertThat(url(r)).isEqualTo("https://abc12345.live.astromkey.com/api/v2/activeGateTokens");
    JsonNode body = new ObjectMapper().readTree(r.jsonBody());
    assertThat(body.path("name").asText()).isEqualTo("dynakube");
    assertThat(body.path("activeGateType").asText()).isEqualTo("ENVIRONMENT");
    assertThat(body.path("expirationDate").asText()).isEqualTo("2027-01-26T08:15:30Z");
    assertThat(body.path("seedToken").isBoolean()).isTrue();
    assertThat(body.path("seedToken").asBoolean()).isFalse();
  }

  @Test
  void managedApiUrlsKeepTheirPrefix() {
    URI managed = URI.create("https://host.example/e/env1/api");

    assertThat(TenantRequests.gatewayLatestMetainfo().uri(managed).toString())
        .isEqualTo("https://host.example/e/env1/api/v1/deployment/installer/gateway/unix/latest/metainfo");
  }

  @Test
  void encodingKeepsUnreservedCharactersAndCommas() {
    assertThat(TenantRequest.encode("a-b_c.d~e,f")).isEqualTo("a-b_c.d~e,f");
    assertThat(TenantRequest.encode("a b&c=d/é")).isEqualTo("a%20b%26c%3Dd%2F%C3%A9");
  }
}
