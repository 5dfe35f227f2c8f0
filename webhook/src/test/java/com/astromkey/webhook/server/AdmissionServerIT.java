package com.astromkey.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.names.PathNames;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.oci.transport.NativeTls;
import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.cache.CachedClusterView;
import com.astromkey.webhook.fixture.AdmissionClient;
import com.astromkey.webhook.fixture.ClusterFixture;
import com.astromkey.webhook.fixture.TestCertificates;
import com.astromkey.webhook.metrics.WebhookMetrics;
import com.astromkey.webhook.namespace.NamespaceLabeler;
import com.astromkey.webhook.pod.InjectionCache;
import com.astromkey.webhook.pod.PodAdmission;
import com.astromkey.webhook.pod.PodInjector;
import com.astromkey.webhook.validation.DynaKubeAdmission;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTPS admission server, talked to like the kube-apiserver: TLS 1.3 only, reloading certificates, never blocking pods. */
class AdmissionServerIT {
  @TempDir
  Path certs;
  private final TestCertificates ca = new TestCertificates();
  private final WebhookMetrics metrics = new WebhookMetrics();
  private final AtomicBoolean broken = new AtomicBoolean();
  private final AtomicBoolean cachesSynced = new AtomicBoolean(true);
  private final AtomicReference<CountDownLatch> stall = new AtomicReference<>();
  private ReloadingKeyManager keyManager;
  private InjectionCache cache;
  private ClusterFixture fixture;
  private CertificateReloader reloader;
  private Map<String, AdmissionHandler> routes;
  private AdmissionServer server;
  private ManagementServer management;

  @BeforeEach
  void start() throws Exception {
    ca.write(certs, "first");
    fixture = ClusterFixture.load("pod/cloudnative-csi-ready.yaml");
    keyManager = new ReloadingKeyManager();
    reloader = new CertificateReloader(certs, keyManager, metrics::certificateExpiry);
    assertThat(reloader.reload()).isTrue();
    reloader.startPolling(Duration.ofMillis(100));
    cache = new BreakableCache(fixture, broken, stall);
    CachedClusterView view = new CachedClusterView(ModulesConfig.allInstalled(), "", () -> List.copyOf(
        fixture.dynaKubes.values()), () -> List.copyOf(fixture.namespaces.values()), fixture);
    routes = Map.of(
        PathNames.WEBHOOK_INJECT, new PodAdmission(new PodInjector(ClusterFixture.settings(true), cache), Duration.ofSeconds(8),
            event -> { }, metrics),
        PathNames.WEBHOOK_LABEL_NAMESPACE, new NamespaceLabeler("astromkey", () -> List.copyOf(fixture.dynaKubes.values())),
        PathNames.WEBHOOK_VALIDATE_DYNAKUBE, new DynaKubeAdmission(new DynaKubeValidator(), "astromkey", view,
            view.foreignNamespace()));
    server = AdmissionServer.start("127.0.0.1", 0, keyManager, routes, metrics, 8);
    management = ManagementServer.start("127.0.0.1", 0, 0, () -> reloader.loaded() && cachesSynced.get(), metrics);
  }

  @AfterEach
  void stop() {
    management.close();
    server.close();
    reloader.close();
  }

  @Test
  void podReviewOverTls13GetsABase64JsonPatchThatInjects() throws Exception {
    AdmissionClient client = new AdmissionClient(ca, server.port(), "TLSv1.3");
    JsonNode pod = AdmissionReviews.JSON.valueToTree(fixture.pod);
    var review = AdmissionClient.review("Pod", "CREATE", "shop", pod, null);

    HttpResponse<String> http = client.post(PathNames.WEBHOOK_INJECT, review.toString());

    assertThat(http.statusCode()).isEqualTo(200);
    assertThat(http.sslSession()).get().satisfies(session -> assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
    JsonNode response = AdmissionReviews.JSON.readTree(http.body()).path("response");
    assertThat(response.path("uid").asText()).isEqualTo(review.path("request").path("uid").asText());
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    Pod injected = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
    assertThat(injected.getSpec().getInitContainers()).singleElement()
        .satisfies(init -> assertThat(init.getName()).isEqualTo("astromkey-operator"));
    assertThat(injected.getMetadata().getAnnotations()).containsEntry("oneagent.astromkey.com/delivery", "csi");
  }

  @Test
  void tls12ClientCannotConnect() {
    AdmissionClient client = new AdmissionClient(ca, server.port(), "TLSv1.2");

    assertThatThrownBy(() -> client.post(PathNames.WEBHOOK_INJECT, "{}")).isInstanceOf(javax.net.ssl.SSLException.class);
  }

  @Test
  void anythingButAV1AdmissionReviewIsHttp400() throws Exception {
    AdmissionClient client = new AdmissionClient(ca, server.port(), "TLSv1.3");
    var review = AdmissionClient.review("Pod", "CREATE", "shop", AdmissionReviews.JSON.valueToTree(fixture.pod), null);
    review.put("apiVersion", "admission.k8s.io/v1beta1");

    assertThat(client.post(PathNames.WEBHOOK_INJECT, review.toString()).statusCode()).isEqualTo(400);
    assertThat(client.post(PathNames.WEBHOOK_INJECT, "not json").statusCode()).isEqualTo(400);
    assertThat(client.post("/elsewhere", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void rewrittenCertificateFilesAreServedToNewHandshakesWithoutRestart() throws Exception {
    AdmissionClient before = new AdmissionClient(ca, server.port(), "TLSv1.3");
    assertThat(subject(before)).contains("CN=first");

    TestCertificates.Issued second = ca.write(certs, "second");

    await().atMost(Duration.ofSeconds(10)).until(() -> subject(new AdmissionClient(ca, server.port(), "TLSv1.3"))
        .contains("CN=second"));
    assertThat(metrics.scrape()).contains("astromkey_webhook_certificate_expiry_timestamp_seconds "
        + (double) second.certificate().getNotAfter().toInstant().getEpochSecond());
    assertThat(before.post(PathNames.WEBHOOK_INJECT, "{}").statusCode()).as("the earlier client still gets answers")
        .isEqualTo(400);
  }

  @Test
  void withBoringSslEnginesTheListenerInjectsOverTls13AndServesRotatedCertificates() throws Exception {
    // the bench's other TLS setup (docs/performance.md, webhook section): the same key manager behind BoringSSL engines
    SSLContext boring = NativeTls.serverContext(keyManager).orElseThrow();
    assertThat(NativeTls.isNative(boring)).isTrue();
    try (AdmissionServer nativeServer = AdmissionServer.start("127.0.0.1", 0, boring, routes, metrics, 8)) {
      AdmissionClient client = new AdmissionClient(ca, nativeServer.port(), "TLSv1.3");
      JsonNode pod = AdmissionReviews.JSON.valueToTree(fixture.pod);
      HttpResponse<String> http = client.post(PathNames.WEBHOOK_INJECT,
          AdmissionClient.review("Pod", "CREATE", "shop", pod, null).toString());

      assertThat(http.sslSession()).get().satisfies(session -> assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
      JsonNode response = AdmissionReviews.JSON.readTree(http.body()).path("response");
      Pod injected = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
      assertThat(injected.getSpec().getInitContainers()).extracting(Container::getName).containsExactly("astromkey-operator");
      assertThat(subject(client)).contains("CN=first");
      assertThatThrownBy(() -> new AdmissionClient(ca, nativeServer.port(), "TLSv1.2").post(PathNames.WEBHOOK_INJECT, "{}"))
          .isInstanceOf(javax.net.ssl.SSLException.class);

      ca.write(certs, "second");

      await().atMost(Duration.ofSeconds(10)).until(() -> subject(new AdmissionClient(ca, nativeServer.port(), "TLSv1.3"))
          .contains("CN=second"));
      assertThat(client.post(PathNames.WEBHOOK_INJECT, "{}").statusCode()).as("the earlier client still gets answers")
          .isEqualTo(400);
    }
  }

  @Test
  void brokenCacheStillAdmitsThePodWithAReason() throws Exception {
    broken.set(true);
    AdmissionClient client = new AdmissionClient(ca, server.port(), "TLSv1.3");
    JsonNode pod = AdmissionReviews.JSON.valueToTree(fixture.pod);

    JsonNode response = client.admit(PathNames.WEBHOOK_INJECT, AdmissionClient.review("Pod", "CREATE", "shop", pod, null));

    assertThat(response.path("allowed").asBoolean()).isTrue();
    Pod admitted = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
    assertThat(admitted.getMetadata().getAnnotations()).containsEntry("oneagent.astromkey.com/injected", "false")
        .containsEntry("oneagent.astromkey.com/reason", "InternalError");
    assertThat(admitted.getSpec().getInitContainers()).isNullOrEmpty();
  }

  @Test
  void aStalledInjectionIsAnsweredAtTheDeadlineWithReasonTimeoutAndTheServerKeepsServing() throws Exception {
    AdmissionServer shortDeadline = AdmissionServer.start("127.0.0.1", 0, keyManager, Map.of(PathNames.WEBHOOK_INJECT,
        new PodAdmission(new PodInjector(ClusterFixture.settings(true), cache), Duration.ofMillis(300), event -> { }, metrics)),
        metrics, 2);
    CountDownLatch latch = new CountDownLatch(1);
    stall.set(latch);
    try {
      AdmissionClient client = new AdmissionClient(ca, shortDeadline.port(), "TLSv1.3");
      JsonNode pod = AdmissionReviews.JSON.valueToTree(fixture.pod);
      long start = System.nanoTime();

      JsonNode response = client.admit(PathNames.WEBHOOK_INJECT, AdmissionClient.review("Pod", "CREATE", "shop", pod, null));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(latch.getCount()).as("the injection is still stalled when the answer arrives").isEqualTo(1);
      assertThat(response.path("allowed").asBoolean()).isTrue();
      Pod admitted = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(response), pod), Pod.class);
      assertThat(admitted.getMetadata().getAnnotations()).containsEntry("oneagent.astromkey.com/injected", "false")
          .containsEntry("oneagent.astromkey.com/reason", "Timeout");
      assertThat(admitted.getSpec().getInitContainers()).isNullOrEmpty();

      stall.set(null);
      latch.countDown();
      JsonNode next = client.admit(PathNames.WEBHOOK_INJECT, AdmissionClient.review("Pod", "CREATE", "shop", pod, null));
      Pod injected = AdmissionReviews.JSON.treeToValue(JsonPatch.apply(AdmissionClient.patch(next), pod), Pod.class);
      assertThat(injected.getSpec().getInitContainers()).extracting(Container::getName).containsExactly("astromkey-operator");
    } finally {
      latch.countDown();
      shortDeadline.close();
    }
  }

  @Test
  void invalidDynaKubeIsDeniedWithTheAggregatedMessage() throws Exception {
    AdmissionClient client = new AdmissionClient(ca, server.port(), "TLSv1.3");
    DynaKube invalid = ClusterFixture.load("dynakube/dynakube-three-errors.yaml").dk();

    JsonNode response = client.admit(PathNames.WEBHOOK_VALIDATE_DYNAKUBE, AdmissionClient.review("DynaKube", "CREATE",
        "astromkey", AdmissionReviews.JSON.valueToTree(invalid), null));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(422);
    assertThat(response.path("status").path("reason").asText()).isEqualTo("Invalid");
    // The three errors of the fixture plus AKV-071: the cached namespace 'shop' already belongs to DynaKube 'dynakube'.
    assertThat(response.path("status").path("message").asText().split("\n")).satisfiesExactly(
        line -> assertThat(line).isEqualTo("DynaKube astromkey/broken is invalid (4 problem(s)):"),
        line -> assertThat(line).startsWith("  1. [AKV-010] spec.apiUrl"),
        line -> assertThat(line).startsWith("  2. [AKV-030] spec.oneAgent.applicationMonitoring.codeModulesImage"),
        line -> assertThat(line).startsWith("  3. [AKV-050] spec.activeGate.capabilities"),
        line -> assertThat(line).startsWith("  4. [AKV-071] ").contains("shop", "'dynakube'"));
  }

  @Test
  void validDynaKubeIsAllowedWithWarnings() throws Exception {
    AdmissionClient client = new AdmissionClient(ca, server.port(), "TLSv1.3");
    ClusterFixture page = ClusterFixture.load("dynakube/dynakube-customer-page.yaml");
    fixture.secrets.putAll(page.secrets);

    JsonNode response = client.admit(PathNames.WEBHOOK_VALIDATE_DYNAKUBE, AdmissionClient.review("DynaKube", "CREATE",
        "astromkey", AdmissionReviews.JSON.valueToTree(page.dk()), null));

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings").get(0).asText()).startsWith("[AKW-003]");
  }

  @Test
  void namespaceCreateGetsTheInstanceLabel() throws Exception {
    AdmissionClient client = new AdmissionClient(ca, server.port(), "TLSv1.3");
    JsonNode namespace = AdmissionReviews.JSON.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"web\"}}");

    JsonNode response = client.admit(PathNames.WEBHOOK_LABEL_NAMESPACE, AdmissionClient.review("Namespace", "CREATE", "",
        namespace, null));

    assertThat(JsonPatch.apply(AdmissionClient.patch(response), namespace).path("metadata").path("labels")
        .path("dynakube.internal.astromkey.com/instance").asText()).isEqualTo("dynakube");
  }

  @Test
  void healthAndMetricsAreServedOnTheirOwnPorts() throws Exception {
    assertThat(AdmissionClient.get(management.healthPort(), "/livez").statusCode()).isEqualTo(200);
    assertThat(AdmissionClient.get(management.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    cachesSynced.set(false);
    assertThat(AdmissionClient.get(management.healthPort(), "/readyz").statusCode()).isEqualTo(503);
    assertThat(AdmissionClient.get(management.healthPort(), "/metrics").statusCode()).isEqualTo(404);

    new AdmissionClient(ca, server.port(), "TLSv1.3").admit(PathNames.WEBHOOK_INJECT, AdmissionClient.review("Pod", "CREATE",
        "shop", AdmissionReviews.JSON.valueToTree(fixture.pod), null));

    HttpResponse<String> scrape = AdmissionClient.get(management.metricsPort(), "/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("astromkey_webhook_admissions_total{kind=\"pod\",result=\"allowed\"} 1.0",
        "astromkey_webhook_pod_injections_total{delivery=\"csi\",reason=\"Injected\"} 1.0",
        "astromkey_webhook_admission_duration_seconds_bucket{kind=\"pod\"",
        "astromkey_webhook_certificate_expiry_timestamp_seconds");
  }

  private static String subject(AdmissionClient client) throws IOException, InterruptedException {
    HttpResponse<String> response = client.post(PathNames.WEBHOOK_INJECT, "{}");
    X509Certificate leaf = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    return leaf.getSubjectX500Principal().getName();
  }

  /** The fixture, or an exception on every DynaKube read when broken. */
  private static final class BreakableCache implements InjectionCache {
    private final InjectionCache delegate;
    private final AtomicBoolean broken;
    private final AtomicReference<CountDownLatch> stall;

    BreakableCache(InjectionCache delegate, AtomicBoolean broken, AtomicReference<CountDownLatch> stall) {
      this.delegate = delegate;
      this.broken = broken;
      this.stall = stall;
    }

    @Override
    public Optional<Namespace> namespace(String name) {
      return delegate.namespace(name);
    }

    @Override
    public Optional<DynaKube> dynaKube(String name) {
      if (broken.get()) {
        throw new IllegalStateException("cache broken for the test");
      }
      CountDownLatch latch = stall.get();
      if (latch != null) {
        try {
          latch.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return delegate.dynaKube(name);
    }

    @Override
    public Optional<Secret> operatorSecret(String name) {
      return delegate.operatorSecret(name);
    }

    @Override
    public Optional<Secret> replica(String namespace, String name) {
      return delegate.replica(namespace, name);
    }
  }
}
