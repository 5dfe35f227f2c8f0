package com.astromkey.operator.webhookcerts;

import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig.WebhookCertDurations;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;

/** Decides what the certificate controller must renew (operator.md §11), from the two Secrets' data and the time. */
public final class CertificatePlan {
  /** What to do, from most to least drastic. */
  public enum Action {
    /** CA Secret missing or unreadable: new CA (no old one kept) and new server certificate. */
    REGENERATE_ALL,
    /** CA expires within the server validity: new CA, previous one to {@code ca.crt.old}, new server certificate. */
    RENEW_CA,
    /** Server certificate missing, unreadable, expiring within the renewal threshold, wrong names or not from the CA. */
    RENEW_SERVER,
    NONE
  }

  private CertificatePlan() {}

  /** {@code caData} and {@code serverData} hold decoded Secret data, null when the Secret does not exist. */
  public static Action decide(Map<String, String> caData, Map<String, String> serverData, String namespace, Instant now,
      WebhookCertDurations durations) {
    Certificates.Issued ca;
    try {
      if (caData == null || caData.get(SecretKeys.CA_CRT) == null || caData.get(SecretKeys.CA_KEY) == null) {
        return Action.REGENERATE_ALL;
      }
      ca = Certificates.parse(caData.get(SecretKeys.CA_CRT), caData.get(SecretKeys.CA_KEY));
    } catch (Certificates.CertificateException e) {
      return Action.REGENERATE_ALL;
    }
    if (remaining(ca.certificate(), now).compareTo(durations.server()) < 0) {
      return Action.RENEW_CA;
    }
    if (serverData == null || serverData.get(SecretKeys.TLS_CRT) == null || serverData.get(SecretKeys.TLS_KEY) == null) {
      return Action.RENEW_SERVER;
    }
    X509Certificate server;
    try {
      server = Certificates.parse(serverData.get(SecretKeys.TLS_CRT), serverData.get(SecretKeys.TLS_KEY)).certificate();
    } catch (Certificates.CertificateException e) {
      return Action.RENEW_SERVER;
    }
    boolean namesMatch = new HashSet<>(Certificates.dnsNames(server)).equals(new HashSet<>(Certificates.serverNames(namespace)));
    if (remaining(server, now).compareTo(durations.renewalThreshold()) < 0 || !namesMatch
        || !Certificates.signedBy(server, ca.certificate())
        || !caData.get(SecretKeys.CA_CRT).equals(serverData.get(SecretKeys.CA_CRT))) {
      return Action.RENEW_SERVER;
    }
    return Action.NONE;
  }

  static Duration remaining(X509Certificate certificate, Instant now) {
    return Duration.between(now, certificate.getNotAfter().toInstant());
  }
}
