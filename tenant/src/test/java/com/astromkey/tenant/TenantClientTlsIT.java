package com.astromkey.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.astromkey.sandbox.tenant.TenantSimulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TLS: trusted CAs, untrusted certificates, host-name checks and skipCertCheck against the simulator's HTTPS. */
class TenantClientTlsIT {

  @Test
  void aCertificateFromAnUnknownCaFailsNamingTheHost() {
    try (TenantSimulator sim = TenantSimulator.startHttps();
        TenantClient client = new TenantClient(SimClients.config(sim).trustedCaPems(List.of()).build())) {
      TenantApiException e = catchThrowableOfType(TenantApiException.class, client::latestAgentVersion);

      assertThat(e.kind()).isEqualTo(TenantErrorKind.TLS);
      assertThat(e.getMessage()).startsWith("The TLS certificate of 127.0.0.1 is not trusted").contains("trustedCAs");
      assertThat(sim.requests()).isEmpty();
    }
  }

  @Test
  void theSimulatorsCaInTrustedCasIsTrustedOnTopOfTheJvmDefaults() {
    try (TenantSimulator sim = TenantSimulator.startHttps();
        TenantClient client = new TenantClient(SimClients.config(sim).build())) {
      assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
    }
  }

  @Test
  void anotherCaInTrustedCasDoesNotHelp() {
    try (TenantSimulator sim = TenantSimulator.startHttps(); TenantSimulator other = TenantSimulator.startHttps();
        TenantClient client = new TenantClient(SimClients.config(sim).trustedCaPems(List.of(other.caPem())).build())) {
      TenantApiException e = catchThrowableOfType(TenantApiException.class, client::latestAgentVersion);

      assertThat(e.kind()).isEqualTo(TenantErrorKind.TLS);
    }
  }

  @Test
  void skipCertCheckTrustsAnyCertificate() {
    try (TenantSimulator sim = TenantSimulator.startHttps();
        TenantClient client = new TenantClient(SimClients.config(sim).trustedCaPems(List.of()).skipCertCheck(true).build())) {
      assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
    }
  }

  @Test
  void aTrustedCertificateForAnotherNameFailsTheHostNameCheck() {
    try (TenantSimulator sim = TenantSimulator.startHttps(List.of("tenant.example.invalid"));
        TenantClient client = new TenantClient(SimClients.config(sim).build())) {
      TenantApiException e = catchThrowableOfType(TenantApiException.class, client::latestAgentVersion);

      assertThat(e.kind()).isEqualTo(TenantErrorKind.TLS);
      assertThat(e.getMessage()).contains("127.0.0.1").contains("does not match the host name");
    }
  }

  @Test
  void skipCertCheckAlsoSkipsTheHostNameCheck() {
    try (TenantSimulator sim = TenantSimulator.startHttps(List.of("tenant.example.invalid"));
        TenantClient client = new TenantClient(SimClients.config(sim).trustedCaPems(List.of()).skipCertCheck(true).build())) {
      assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
    }
  }

  @Test
  void theHostNameIsCheckedForDnsNamesToo() {
    try (TenantSimulator sim = TenantSimulator.startHttps();
        TenantClient client = new TenantClient(TenantClientConfig.builder(sim.apiUrl("localhost"),
            TenantTokens.apiOnly(SimClients.API_TOKEN)).trustedCaPems(List.of(sim.caPem())).build())) {
      assertThat(client.latestAgentVersion()).isEqualTo("1.301.0.20240915-120000");
    }
  }
}
