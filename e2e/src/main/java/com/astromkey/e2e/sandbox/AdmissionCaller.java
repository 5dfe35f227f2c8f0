package com.astromkey.e2e.sandbox;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.PathNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Plays the kube-apiserver's side of admission: v1 AdmissionReviews over HTTPS to the running webhook, trusting only
 * the {@code caBundle} the operator patched into the webhook configuration and requiring the Service's DNS name in the
 * server certificate (the socket itself goes to the loopback port).
 */
public final class AdmissionCaller {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE_DNS_NAME = ObjectNames.WEBHOOK_SERVICE + "." + ObjectNames.DEFAULT_OPERATOR_NAMESPACE + ".svc";

  private final KubernetesClient client;
  private final HttpClient http;
  private final int port;

  private AdmissionCaller(KubernetesClient client, HttpClient http, int port) {
    this.client = client;
    this.http = http;
    this.port = port;
  }

  /** The outcome the API server would act on: allowed, warnings, status message and the object after the patch. */
  public record Result<T>(boolean allowed, List<String> warnings, String message, T object, JsonNode patch) {}

  /** Waits for the operator to patch the bundle into the MutatingWebhookConfiguration, then trusts only that. */
  static AdmissionCaller fromWebhookConfiguration(KubernetesClient client, int port) throws GeneralSecurityException {
    E2eSandbox.await("the operator to patch caBundle into " + ObjectNames.MUTATING_WEBHOOK_CONFIGURATION, Duration.ofSeconds(60),
        () -> caBundle(client) != null);
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      trust.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    Collection<? extends java.security.cert.Certificate> cas = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(Base64.getDecoder().decode(caBundle(client))));
    int i = 0;
    for (java.security.cert.Certificate ca : cas) {
      trust.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    X509TrustManager chain = (X509TrustManager) factory.getTrustManagers()[0];
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new ServiceNameTrustManager(chain)}, null);
    HttpClient http = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return new AdmissionCaller(client, http, port);
  }

  private static String caBundle(KubernetesClient client) {
    MutatingWebhookConfiguration config = client.admissionRegistration().v1().mutatingWebhookConfigurations()
        .withName(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION).get();
    if (config == null || config.getWebhooks() == null || config.getWebhooks().isEmpty()) {
      return null;
    }
    String bundle = config.getWebhooks().get(0).getClientConfig().getCaBundle();
    return bundle == null || bundle.isBlank() ? null : bundle;
  }

  /**
   * The leaf certificate the webhook presents to a new TLS handshake, checked as the API server checks it (bundle and
   * Service name); an {@link javax.net.ssl.SSLHandshakeException} when this caller's bundle no longer trusts it.
   */
  public X509Certificate servedCertificate() throws IOException {
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) http.sslContext().getSocketFactory()
        .createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** CREATE (old == null) or UPDATE of a DynaKube through the validating endpoint. */
  public Result<DynaKube> validateDynaKube(DynaKube dk, DynaKube old) throws IOException, InterruptedException {
    JsonNode response = send(PathNames.WEBHOOK_VALIDATE_DYNAKUBE, "astromkey.com", "v1beta5", "DynaKube",
        old == null ? "CREATE" : "UPDATE", dk, old, false);
    return result(response, dk, DynaKube.class);
  }

  /** CREATE of a pod through the mutating endpoint; the result holds the pod with the patch applied. */
  public Result<io.fabric8.kubernetes.api.model.Pod> mutatePod(io.fabric8.kubernetes.api.model.Pod pod, boolean dryRun)
      throws IOException, InterruptedException {
    JsonNode response = send(PathNames.WEBHOOK_INJECT, "", "v1", "Pod", "CREATE", pod, null, dryRun);
    return result(response, pod, io.fabric8.kubernetes.api.model.Pod.class);
  }

  /** CREATE of a namespace through the namespace-labelling endpoint. */
  public Result<io.fabric8.kubernetes.api.model.Namespace> labelNamespace(io.fabric8.kubernetes.api.model.Namespace namespace)
      throws IOException, InterruptedException {
    JsonNode response = send(PathNames.WEBHOOK_LABEL_NAMESPACE, "", "v1", "Namespace", "CREATE", namespace, null, false);
    return result(response, namespace, io.fabric8.kubernetes.api.model.Namespace.class);
  }

  private <T extends HasMetadata> Result<T> result(JsonNode response, T object, Class<T> type) throws IOException {
    List<String> warnings = new ArrayList<>();
    response.path("warnings").forEach(w -> warnings.add(w.asText()));
    JsonNode patch = response.has("patch")
        ? JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()))
        : JSON.createArrayNode();
    JsonNode patched = JsonPatch.apply(patch, tree(object));
    T after = client.getKubernetesSerialization().unmarshal(JSON.writeValueAsString(patched), type);
    return new Result<>(response.path("allowed").asBoolean(false), warnings, response.path("status").path("message").asText(""),
        after, patch);
  }

  private JsonNode send(String path, String group, String version, String kind, String operation, HasMetadata object,
      HasMetadata old, boolean dryRun) throws IOException, InterruptedException {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    request.putObject("resource").put("group", group).put("version", version)
        .put("resource", kind.toLowerCase(java.util.Locale.ROOT) + (kind.endsWith("s") ? "es" : "s"));
    request.put("name", object.getMetadata().getName());
    if (object.getMetadata().getNamespace() != null) {
      request.put("namespace", object.getMetadata().getNamespace());
    }
    request.put("operation", operation);
    request.putObject("userInfo").put("username", "kubernetes-admin");
    request.set("object", tree(object));
    if (old != null) {
      request.set("oldObject", tree(old));
    }
    request.put("dryRun", dryRun);
    HttpRequest post = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path + "?timeout=10s"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(15))
        .POST(HttpRequest.BodyPublishers.ofString(review.toString(), StandardCharsets.UTF_8)).build();
    HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("admission " + path + " answered HTTP " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("response");
  }

  private JsonNode tree(HasMetadata object) throws IOException {
    return JSON.readTree(client.getKubernetesSerialization().asJson(object));
  }

  /** Chain check against the bundle, then the Service name check the API server makes (instead of the loopback IP). */
  private static final class ServiceNameTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager chain;

    ServiceNameTrustManager(X509TrustManager chain) {
      this.chain = chain;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
      chain.checkServerTrusted(certificates, authType);
      if (!dnsNames(certificates[0]).contains(SERVICE_DNS_NAME)) {
        throw new CertificateException("webhook certificate does not name " + SERVICE_DNS_NAME);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket) throws CertificateException {
      checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.getAcceptedIssuers();
    }

    private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
      List<String> names = new ArrayList<>();
      if (certificate.getSubjectAlternativeNames() != null) {
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
      return names;
    }
  }
}
