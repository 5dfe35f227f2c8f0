package com.astromkey.operator.webhookcerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig.WebhookCertDurations;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renewal decisions of operator.md §11 at chosen instants, and the issued certificates' shape. */
class CertificatePlanTest {
  private static final WebhookCertDurations DURATIONS = WebhookCertDurations.DEFAULTS;
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  private static final String NS = "astromkey";

  private final Certificates.Issued ca = Certificates.newCa(ISSUED, DURATIONS.root());
  private final Certificates.Issued server = Certificates.newServer(ca, NS, ISSUED, DURATIONS.server());

  @Test
  void freshMaterialNeedsNothing() {
    assertThat(decide(caData(), serverData(server), ISSUED.plusSeconds(60))).isEqualTo(CertificatePlan.Action.NONE);
  }

  @Test
  void serverIsRenewedInsideTheRenewalThreshold() {
    Instant late = ISSUED.plus(DURATIONS.server()).minus(DURATIONS.renewalThreshold()).plus(Duration.ofMinutes(1));

    assertThat(decide(caData(), serverData(server), late)).isEqualTo(CertificatePlan.Action.RENEW_SERVER);
  }

  @Test
  void caIsRenewedWhenItWouldOutliveNoServerCertificate() {
    Instant late = ISSUED.plus(DURATIONS.root()).minus(DURATIONS.server()).plus(Duration.ofMinutes(1));

    assertThat(decide(caData(), serverData(server), late)).isEqualTo(CertificatePlan.Action.RENEW_CA);
  }

  @Test
  void missingOrCorruptCaRegeneratesEverything() {
    Map<String, String> corrupt = caData();
    corrupt.put(SecretKeys.CA_KEY, "not a key");

    assertThat(decide(null, serverData(server), ISSUED)).isEqualTo(CertificatePlan.Action.REGENERATE_ALL);
    assertThat(decide(corrupt, serverData(server), ISSUED)).isEqualTo(CertificatePlan.Action.REGENERATE_ALL);
  }

  @Test
  void missingServerSecretWrongNamesOrForeignCaRenewTheServer() {
    Certificates.Issued otherCa = Certificates.newCa(ISSUED, DURATIONS.root());

    assertThat(decide(caData(), null, ISSUED)).isEqualTo(CertificatePlan.Action.RENEW_SERVER);
    assertThat(decide(caData(), serverData(Certificates.newServer(ca, "elsewhere", ISSUED, DURATIONS.server())), ISSUED))
        .isEqualTo(CertificatePlan.Action.RENEW_SERVER);
    assertThat(decide(caData(), serverData(Certificates.newServer(otherCa, NS, ISSUED, DURATIONS.server())), ISSUED))
        .isEqualTo(CertificatePlan.Action.RENEW_SERVER);
  }

  @Test
  void serverCertificateCarriesTheServiceNamesAndTheCaSignature() {
    assertThat(Certificates.dnsNames(server.certificate())).containsExactlyInAnyOrder("astromkey-webhook",
        "astromkey-webhook.astromkey", "astromkey-webhook.astromkey.svc", "astromkey-webhook.astromkey.svc.cluster.local");
    assertThat(Certificates.signedBy(server.certificate(), ca.certificate())).isTrue();
    assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(server.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=astromkey-webhook.astromkey.svc");
  }

  private CertificatePlan.Action decide(Map<String, String> caData, Map<String, String> serverData, Instant now) {
    return CertificatePlan.decide(caData, serverData, NS, now, DURATIONS);
  }

  private Map<String, String> caData() {
    Map<String, String> data = new HashMap<>();
    data.put(SecretKeys.CA_CRT, ca.certificatePem());
    data.put(SecretKeys.CA_KEY, ca.keyPem());
    data.put(SecretKeys.CA_CRT_OLD, "");
    return data;
  }

  private Map<String, String> serverData(Certificates.Issued issued) {
    return Map.of(SecretKeys.TLS_CRT, issued.certificatePem(), SecretKeys.TLS_KEY, issued.keyPem(),
        SecretKeys.CA_CRT, ca.certificatePem());
  }
}
