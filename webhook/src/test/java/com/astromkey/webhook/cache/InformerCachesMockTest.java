package com.astromkey.webhook.cache;

import static com.astromkey.webhook.fixture.ClusterFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.Secrets;
import com.astromkey.webhook.fixture.TestCertificates;
import com.astromkey.webhook.namespace.NamespaceLabeler;
import com.astromkey.webhook.pod.InjectionResult;
import com.astromkey.webhook.pod.PodInjector;
import com.astromkey.webhook.server.CertificateReloader;
import com.astromkey.webhook.server.CertificateSecretWriter;
import com.astromkey.webhook.server.ReloadingKeyManager;
import com.astromkey.webhook.validation.DynaKubeAdmission;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The informer-backed views against the fabric8 mock API in CRUD mode: what they see, and that admissions make no API call. */
@EnableKubernetesMockClient(crud = true)
class InformerCachesMockTest {
  KubernetesClient client;
  KubernetesMockServer server;
  private InformerCaches caches;

  @BeforeEach
  void cluster() throws Exception {
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
    client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("shop").withName("unlabelled").endMetadata()
        .build()).create();
    client.secrets().resource(Secrets.opaque("astromkey", "dynakube")).create();
  }

  @AfterEach
  void stop() {
    if (caches != null) {
      caches.close();
    }
  }

  @Test
  void cachesSeeTheOperatorNamespaceAndOnlyLabelledReplicas() {
    caches = started(null);

    assertThat(caches.dynaKube("dynakube")).get().satisfies(dk ->
        assertThat(dk.getStatus().getOneAgent().getConnectionInfoStatus().getTenantUUID()).isEqualTo("abc12345"));
    assertThat(caches.namespace("shop")).isPresent();
    assertThat(caches.operatorSecret("dynakube")).isPresent();
    assertThat(caches.replica("shop", ObjectNames.BOOTSTRAPPER_CONFIG_SECRET)).isPresent();
    assertThat(caches.replica("shop", "unlabelled")).as("the replica informer is label-filtered").isEmpty();
  }

  @Test
  void podAdmissionMakesNoApiRequest() {
    caches = started(null);
    int before = quietRequestCount();

    InjectionResult result = new PodInjector(settings(true), caches).inject(ClusterFixture.load(
        "pod/cloudnative-csi-ready.yaml").pod, "shop");

    assertThat(result.outcome()).isEqualTo(InjectionResult.Outcome.INJECTED);
    assertThat(server.getRequestCount()).as("requests during the admission").isEqualTo(before);
  }

  @Test
  void replicaWrittenByTheOperatorIsSeenWithoutRestart() {
    caches = started(null);
    client.secrets().resource(Secrets.dockerConfig("astromkey", "dynakube-injection-pull-secret", null,
        "registry.my-company.com")).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> caches.operatorSecret("dynakube-injection-pull-secret").isPresent());
    PodInjector injector = new PodInjector(settings(true), caches);
    assertThat(injector.inject(ClusterFixture.load("pod/cloudnative-csi-ready.yaml").pod, "shop").reasonLabel())
        .isEqualTo("NoPullSecret");

    client.secrets().resource(Secrets.dockerConfig("shop", ObjectNames.INJECTION_PULL_SECRET, null,
        "registry.my-company.com")).create();

    await().atMost(Duration.ofSeconds(10)).until(() ->
        injector.inject(ClusterFixture.load("pod/cloudnative-csi-ready.yaml").pod, "shop").reasonLabel().equals("Injected"));
  }

  @Test
  void validationAndNamespaceLabellingReadTheInformers() {
    caches = started(null);
    CachedClusterView view = CachedClusterView.of(caches, ModulesConfig.allInstalled(), "");
    DynaKube second = ClusterFixture.load("pod/cloudnative-csi-ready.yaml").dk();
    second.getMetadata().setName("second");
    second.setStatus(null);

    AdmissionResponse validation = new DynaKubeAdmission(new DynaKubeValidator(), "astromkey", view, view.foreignNamespace())
        .handle(new AdmissionRequest("u", "DynaKube", "CREATE", "astromkey", "second", "alice", false,
            AdmissionReviews.JSON.valueToTree(second), null));
    assertThat(validation.allowed()).isFalse();
    assertThat(validation.statusMessage()).contains("[AKV-070]", "[AKV-071]");

    AdmissionResponse labelled = new NamespaceLabeler("astromkey", caches::dynaKubes).handle(new AdmissionRequest("u",
        "Namespace", "CREATE", "", "new-ns", "alice", false, AdmissionReviews.JSON.valueToTree(
            new NamespaceBuilder().withNewMetadata().withName("new-ns").endMetadata().build()), null));
    assertThat(labelled.patch()).singleElement().satisfies(op ->
        assertThat(op.value().toString()).contains("\"dynakube.internal.astromkey.com/instance\":\"dynakube\""));
  }

  @Test
  void certificateSecretIsCopiedToTheDirectoryAndLoaded(@TempDir Path certs) throws Exception {
    ReloadingKeyManager keyManager = new ReloadingKeyManager();
    AtomicLong expiry = new AtomicLong();
    CertificateReloader reloader = new CertificateReloader(certs, keyManager, expiry::set);
    caches = started(new CertificateSecretWriter(certs, reloader));
    TestCertificates ca = new TestCertificates();
    TestCertificates.Issued first = ca.issue("first");

    client.secrets().resource(certificateSecret(first)).create();
    await().atMost(Duration.ofSeconds(10)).until(keyManager::loaded);
    assertThat(Files.readString(certs.resolve("tls.crt"))).isEqualTo(first.certificatePem());
    assertThat(expiry.get()).isEqualTo(first.certificate().getNotAfter().toInstant().getEpochSecond());

    TestCertificates.Issued second = ca.issue("second");
    client.secrets().inNamespace("astromkey").withName(ObjectNames.WEBHOOK_CERTS_SECRET)
        .edit(secret -> new SecretBuilder(secret).withData(certificateSecret(second).getData()).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(certs.resolve("tls.crt")).equals(second.certificatePem()));
    assertThat(keyManager.getCertificateChain(keyManager.chooseServerAlias("EC", null, null))[0])
        .isEqualTo(second.certificate());
  }

  /** The request count once the informers' list-then-watch start-up requests have all arrived. */
  private int quietRequestCount() {
    int[] last = {-1};
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
      int now = server.getRequestCount();
      boolean stable = now == last[0];
      last[0] = now;
      return stable;
    });
    return last[0];
  }

  private InformerCaches started(CertificateSecretWriter writer) {
    InformerCaches started = InformerCaches.start(client, "astromkey", Duration.ofHours(6), writer);
    await().atMost(Duration.ofSeconds(10)).until(started::synced);
    return started;
  }

  private static Secret certificateSecret(TestCertificates.Issued issued) {
    return new SecretBuilder().withNewMetadata().withNamespace("astromkey").withName(ObjectNames.WEBHOOK_CERTS_SECRET)
        .endMetadata().withData(Map.of(
            "tls.crt", base64(issued.certificatePem()), "tls.key", base64(issued.keyPem()), "ca.crt", base64("ca"))).build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
