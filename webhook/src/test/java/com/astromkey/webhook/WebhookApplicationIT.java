package com.astromkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.config.WebhookConfig;
import com.astromkey.webhook.fixture.AdmissionClient;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.TestCertificates;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole mode wired as WebhookMain wires it, against the CRUD mock API: start-up, readiness, injection and events. */
@EnableKubernetesMockClient(crud = true)
class WebhookApplicationIT {
  KubernetesClient client;
  KubernetesMockServer server;

  @TempDir
  Path certs;

  @Test
  void becomesReadyFromTheCertificateSecretAndInjectsFromItsCaches() throws Exception {
    ClusterFixture fixture = cluster();
    WebhookConfig config = WebhookConfig.builder().certsDir(certs).bindAddress("127.0.0.1").webhookPort(0).healthPort(0)
        .metricsPort(0).podNamespace("astromkey").operatorImage(ClusterFixture.OPERATOR_IMAGE).operatorVersion("1.0.0")
        .certificateWait(Duration.ofMillis(300)).certificateWaitPoll(Duration.ofMillis(50))
        .certificateFilePoll(Duration.ofMillis(200)).build();

    try (WebhookApplication app = WebhookApplication.start(config, client, Clock.systemUTC())) {
      assertThat(app.awaitCertificate()).as("no Secret yet: the wait ends unsuccessfully").isFalse();
      assertThat(AdmissionClient.get(app.healthPort(), "/readyz").statusCode()).isEqualTo(503);
      assertThat(AdmissionClient.get(app.healthPort(), "/livez").statusCode()).isEqualTo(200);

      TestCertificates ca = new TestCertificates();
      TestCertificates.Issued issued = ca.issue("astromkey-webhook.astromkey.svc");
      client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("astromkey")
          .withName(ObjectNames.WEBHOOK_CERTS_SECRET).endMetadata()
          .withData(Map.of("tls.crt", base64(issued.certificatePem()), "tls.key", base64(issued.keyPem()))).build()).create();

      await().atMost(Duration.ofSeconds(15)).until(() -> AdmissionClient.get(app.healthPort(), "/readyz").statusCode() == 200);
      JsonNode pod = AdmissionReviews.JSON.valueToTree(fixture.pod);
      JsonNode response = new AdmissionClient(ca, app.webhookPort(), "TLSv1.3").admit(PathNames.WEBHOOK_INJECT,
          AdmissionClient.review("Pod", "CREATE", "shop", pod, null));

      Pod injected = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
      assertThat(injected.getMetadata().getAnnotations()).containsEntry("oneagent.astromkey.com/injected", "true");
      await().atMost(Duration.ofSeconds(10)).until(() -> client.v1().events().inNamespace("shop").list().getItems().stream()
          .anyMatch(event -> "Injected".equals(event.getReason())
              && "Namespace".equals(event.getInvolvedObject().getKind())));
    }
  }

  private ClusterFixture cluster() throws Exception {
    try (InputStream crd = DynaKube.class.getResourceAsStream("/META-INF/fabric8/dynakubes.astromkey.com-v1.yml")) {
      client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    }
    ClusterFixture fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("astromkey").endMetadata().build()).create();
    fixture.namespaces.values().forEach(namespace -> client.namespaces().resource(namespace).create());
    DynaKube created = client.resources(DynaKube.class).inNamespace("astromkey").resource(fixture.dk()).create();
    created.setStatus(fixture.dk().getStatus());
    client.resources(DynaKube.class).inNamespace("astromkey").resource(created).updateStatus();
    fixture.secrets.values().forEach(secret -> client.secrets().resource(secret).create());
    return fixture;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
