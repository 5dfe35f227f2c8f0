package com.astromkey.operator.webhookcerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorRuntime;
import com.astromkey.operator.metrics.OperatorMetrics;
import com.astromkey.operator.tenant.ClientTenantApiFactory;
import com.astromkey.operator.testing.Fixtures;
import com.astromkey.operator.testing.MockCluster;
import com.astromkey.sandbox.time.TestClock;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The certificate controller against the mock API server: Secrets created, bundles patched, deletions healed. */
@EnableKubernetesMockClient(crud = true)
class WebhookCertificatesMockTest {
  private static final String NS = MockCluster.NAMESPACE;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  static KubernetesClient client;
  private static OperatorRuntime operator;
  private static final TestClock CLOCK = new TestClock(java.time.Instant.now());

  @BeforeAll
  static void start() {
    MockCluster.install(client);
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION).endMetadata()
        .addNewWebhook().withName(ObjectNames.POD_WEBHOOK).withNewClientConfig().endClientConfig().endWebhook()
        .addNewWebhook().withName(ObjectNames.NAMESPACE_WEBHOOK).withNewClientConfig().endClientConfig().endWebhook()
        .build()).create();
    client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
        new ValidatingWebhookConfigurationBuilder()
            .withNewMetadata().withName(ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION).endMetadata()
            .addNewWebhook().withName(ObjectNames.DYNAKUBE_VALIDATION_WEBHOOK).withNewClientConfig().endClientConfig()
            .endWebhook().build()).create();
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName(ObjectNames.WEBHOOK_DEPLOYMENT).withNamespace(NS).endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "webhook")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "webhook")).endMetadata()
        .withNewSpec().addNewContainer().withName("webhook").withImage("operator:1").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    OperatorMetrics metrics = new OperatorMetrics();
    operator = OperatorRuntime.start(client, Fixtures.config(), new ClientTenantApiFactory(metrics), metrics,
        CLOCK, false);
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @Test
  void issuesCertificatesPatchesBothConfigurationsAndHealsADeletedServerSecret() {
    Secret ca = await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CA_SECRET), s -> s != null);
    Secret certs = await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CERTS_SECRET), s -> s != null);
    assertThat(ca.getData()).containsKeys(SecretKeys.CA_CRT, SecretKeys.CA_KEY, SecretKeys.CA_CRT_OLD);
    assertThat(certs.getData()).containsOnlyKeys(SecretKeys.TLS_CRT, SecretKeys.TLS_KEY, SecretKeys.CA_CRT);
    String caPem = text(ca, SecretKeys.CA_CRT);
    assertThat(Certificates.signedBy(Certificates.parseCertificate(text(certs, SecretKeys.TLS_CRT)),
        Certificates.parseCertificate(caPem))).isTrue();
    String bundle = Base64.getEncoder().encodeToString((caPem + text(ca, SecretKeys.CA_CRT_OLD))
        .getBytes(StandardCharsets.UTF_8));
    await().atMost(TIMEOUT).until(() -> bundles().stream().allMatch(bundle::equals));
    assertThat(bundles()).hasSize(3);

    String oldServerCert = text(certs, SecretKeys.TLS_CRT);
    client.secrets().inNamespace(NS).withName(ObjectNames.WEBHOOK_CERTS_SECRET).delete();

    Secret renewed = await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CERTS_SECRET),
        s -> s != null && !text(s, SecretKeys.TLS_CRT).equals(oldServerCert));
    assertThat(Certificates.signedBy(Certificates.parseCertificate(text(renewed, SecretKeys.TLS_CRT)),
        Certificates.parseCertificate(caPem))).isTrue();
    assertThat(bundles()).allMatch(bundle::equals);
  }

  @Test
  void aDriftedBundleIsPatchedBack() {
    await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CA_SECRET) != null
        && bundles().stream().allMatch(b -> b != null && !b.isEmpty()));
    String expected = bundles().get(0);

    client.admissionRegistration().v1().validatingWebhookConfigurations()
        .withName(ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION)
        .edit(c -> {
          c.getWebhooks().get(0).getClientConfig().setCaBundle("ZHJpZnQ=");
          return c;
        });

    await().atMost(TIMEOUT).until(() -> bundles().stream().allMatch(expected::equals));
  }

  @Test
  void renewalFollowsTheInjectedClock() {
    Secret ca = await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CA_SECRET), s -> s != null);
    Secret certs = await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CERTS_SECRET), s -> s != null);
    String firstCa = text(ca, SecretKeys.CA_CRT);
    String firstServer = text(certs, SecretKeys.TLS_CRT);
    java.time.Instant caExpiry = Certificates.parseCertificate(firstCa).getNotAfter().toInstant();
    java.time.Instant serverExpiry = Certificates.parseCertificate(firstServer).getNotAfter().toInstant();

    CLOCK.advance(Duration.between(CLOCK.instant(), serverExpiry).minusHours(11));
    touch();
    Secret renewedServer = await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CERTS_SECRET),
        s -> !text(s, SecretKeys.TLS_CRT).equals(firstServer));
    assertThat(text(secret(ObjectNames.WEBHOOK_CA_SECRET), SecretKeys.CA_CRT)).isEqualTo(firstCa);
    assertThat(Certificates.signedBy(Certificates.parseCertificate(text(renewedServer, SecretKeys.TLS_CRT)),
        Certificates.parseCertificate(firstCa))).isTrue();

    CLOCK.advance(Duration.between(CLOCK.instant(), caExpiry).minusHours(100));
    touch();
    Secret renewedCa = await().atMost(TIMEOUT).until(() -> secret(ObjectNames.WEBHOOK_CA_SECRET),
        s -> !text(s, SecretKeys.CA_CRT).equals(firstCa));
    assertThat(text(renewedCa, SecretKeys.CA_CRT_OLD)).isEqualTo(firstCa);
    String bundle = Base64.getEncoder().encodeToString((text(renewedCa, SecretKeys.CA_CRT) + firstCa)
        .getBytes(StandardCharsets.UTF_8));
    await().atMost(TIMEOUT).until(() -> bundles().stream().allMatch(bundle::equals));
    Secret server = secret(ObjectNames.WEBHOOK_CERTS_SECRET);
    assertThat(Certificates.signedBy(Certificates.parseCertificate(text(server, SecretKeys.TLS_CRT)),
        Certificates.parseCertificate(text(renewedCa, SecretKeys.CA_CRT)))).isTrue();
  }

  /** A Secret event stands in for the periodic requeue, which is hours away. */
  private static void touch() {
    client.secrets().inNamespace(NS).withName(ObjectNames.WEBHOOK_CA_SECRET).edit(s -> {
      s.getMetadata().setLabels(Map.of("touched", java.util.UUID.randomUUID().toString()));
      return s;
    });
  }

  private static Secret secret(String name) {
    return client.secrets().inNamespace(NS).withName(name).get();
  }

  private static String text(Secret secret, String key) {
    return MockCluster.decode(secret.getData().get(key));
  }

  private static List<String> bundles() {
    List<String> bundles = new java.util.ArrayList<>();
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION)
        .get().getWebhooks().forEach(w -> bundles.add(w.getClientConfig().getCaBundle()));
    client.admissionRegistration().v1().validatingWebhookConfigurations()
        .withName(ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION).get().getWebhooks()
        .forEach(w -> bundles.add(w.getClientConfig().getCaBundle()));
    return bundles;
  }
}
