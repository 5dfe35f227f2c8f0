package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.astromkey.sandbox.tenant.SimFault;
import com.astromkey.sandbox.tenant.SimRequest;
import com.astromkey.sandbox.tenant.TenantSimulator;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our own redirect loop: GET only, Authorization dropped on a host change, no https → http downgrade, at most 5 hops. */
class TenantClientRedirectIT {
  private static final String ZIP = ".*/paas/version/.*";
  private static final String METAINFO = ".*/agent/unix/default/latest/metainfo";

  private TenantSimulator tenant;
  private TenantSimulator storage;
  private TenantClient client;

  @BeforeEach
  void start() {
    tenant = TenantSimulator.startHttps();
    storage = TenantSimulator.startHttps();
    client = new TenantClient(SimClients.config(tenant).trustedCaPems(List.of(tenant.caPem(), storage.caPem())).build());
  }

  @AfterEach
  void stop() {
    client.close();
    tenant.close();
    storage.close();
  }

  @Test
  void aRedirectToAnotherHostIsFollowedWithoutAuthorization() {
    byte[] zip = tenant.zip("1.301.0.20240915-120000", "x86", "multidistro", List.of());
    storage.publishFile("agent.zip", zip);
    // same loopback interface, other host name and port: a different origin, as object storage would be
    tenant.fault(SimFault.redirect(307, "https://localhost:" + storage.port() + "/files/agent.zip").onPath(ZIP).once());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    DownloadResult result = client.downloadCodeModules(
        ZipRequest.version("1.301.0.20240915-120000", CodeModulesFlavor.MULTIDISTRO, Arch.X86), out);

    assertThat(out.toByteArray()).isEqualTo(zip);
    assertThat(result.size()).isEqualTo(zip.length);
    assertThat(tenant.requests(ZIP)).extracting(SimRequest::tokenKind).containsExactly("api");
    assertThat(storage.requests()).extracting(SimRequest::path, SimRequest::tokenKind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/files/agent.zip", "none"));
  }

  @Test
  void aRedirectOnTheSameHostKeepsAuthorization() {
    tenant.fault(SimFault.redirect(302, "/api/v1/deployment/installer/agent/unix/default/latest/metainfo?flavor=default&bitness=64")
        .onPath(METAINFO).once());

    assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
    assertThat(tenant.requests(METAINFO)).extracting(SimRequest::status, SimRequest::tokenKind).containsExactly(
        org.assertj.core.groups.Tuple.tuple(302, "api"), org.assertj.core.groups.Tuple.tuple(200, "api"));
  }

  @Test
  void aDowngradeFromHttpsToHttpIsRefused() {
    try (TenantSimulator plain = TenantSimulator.startHttp()) {
      String url = plain.publishFile("agent.zip", new byte[] {1, 2, 3});
      tenant.fault(SimFault.redirect(302, url).onPath(ZIP).once());

      TenantApiException e = catchThrowableOfType(TenantApiException.class, () -> client.downloadCodeModules(
          ZipRequest.version("1.301.0.20240915-120000", CodeModulesFlavor.MULTIDISTRO, Arch.X86), new ByteArrayOutputStream()));

      assertThat(e.kind()).isEqualTo(TenantErrorKind.REQUEST_REJECTED);
      assertThat(e.getMessage()).contains("from https to http").contains("refusing the downgrade");
      assertThat(plain.requests()).isEmpty();
    }
  }

  @Test
  void moreThanFiveRedirectsFail() {
    tenant.fault(SimFault.redirect(302, "/api/v1/deployment/installer/agent/unix/default/latest/metainfo?flavor=default&bitness=64")
        .onPath(METAINFO));

    TenantApiException e = catchThrowableOfType(TenantApiException.class, client::latestAgentVersion);

    assertThat(e.kind()).isEqualTo(TenantErrorKind.REQUEST_REJECTED);
    assertThat(e.getMessage()).contains("more than 5 times");
    assertThat(tenant.count(METAINFO)).isEqualTo(6);
  }

  @Test
  void aPostIsNotRedirected() {
    tenant.fault(SimFault.redirect(307, "https://localhost:" + storage.port() + "/api/v2/activeGateTokens")
        .on("POST", ".*/v2/activeGateTokens").once());

    TenantApiException e = catchThrowableOfType(TenantApiException.class, () -> client.createActiveGateToken("dk1"));

    assertThat(e.statusCode()).isEqualTo(307);
    assertThat(storage.requests()).isEmpty();
  }
}
