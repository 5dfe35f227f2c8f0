package com.astromkey.operator.webhookcerts;

import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.OperatorConfig;
import com.astromkey.operator.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the webhook's TLS material valid (operator.md §11): CA and server certificate in their Secrets, renewed by the
 * injected clock, and the CA bundle patched into both webhook configurations. Primary: Deployment {@code astromkey-webhook}.
 */
public final class WebhookCertificateReconciler implements Reconciler<Deployment> {
  static final Duration STARTUP_POLL = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(WebhookCertificateReconciler.class);

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  public WebhookCertificateReconciler(OperatorConfig config, KubernetesClient client, EventRecorder events, Clock clock) {
    this.config = config;
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  /** Only the webhook Deployment is a primary of this controller. */
  public static boolean isWebhookDeployment(Deployment deployment) {
    return ObjectNames.WEBHOOK_DEPLOYMENT.equals(deployment.getMetadata().getName());
  }

  @Override
  public List<EventSource<?, Deployment>> prepareEventSources(EventSourceContext<Deployment> context) {
    Set<String> names = Set.of(ObjectNames.WEBHOOK_CA_SECRET, ObjectNames.WEBHOOK_CERTS_SECRET);
    ResourceID webhook = new ResourceID(ObjectNames.WEBHOOK_DEPLOYMENT, config.namespace());
    return List.of(
        new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, Deployment.class)
            .withName("webhook-certificate-secrets")
            .withGenericFilter(secret -> names.contains(secret.getMetadata().getName()))
            .withSecondaryToPrimaryMapper(secret -> Set.of(webhook))
            .build(), context),
        // cluster-scoped: a drifted or re-installed configuration gets its bundle back at once
        new InformerEventSource<>(InformerEventSourceConfiguration.from(MutatingWebhookConfiguration.class,
                Deployment.class)
            .withName("mutating-webhook-configuration")
            .withWatchAllNamespaces()
            .withGenericFilter(c -> ObjectNames.MUTATING_WEBHOOK_CONFIGURATION.equals(c.getMetadata().getName()))
            .withSecondaryToPrimaryMapper(c -> Set.of(webhook))
            .build(), context),
        new InformerEventSource<>(InformerEventSourceConfiguration.from(ValidatingWebhookConfiguration.class,
                Deployment.class)
            .withName("validating-webhook-configuration")
            .withWatchAllNamespaces()
            .withGenericFilter(c -> ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION.equals(c.getMetadata().getName()))
            .withSecondaryToPrimaryMapper(c -> Set.of(webhook))
            .build(), context));
  }

  @Override
  public UpdateControl<Deployment> reconcile(Deployment deployment, Context<Deployment> context) {
    Instant now = clock.instant();
    String namespace = deployment.getMetadata().getNamespace();
    Map<String, String> caData = decoded(secret(namespace, ObjectNames.WEBHOOK_CA_SECRET));
    Map<String, String> serverData = decoded(secret(namespace, ObjectNames.WEBHOOK_CERTS_SECRET));
    CertificatePlan.Action action = CertificatePlan.decide(caData, serverData, namespace, now, config.webhookCerts());
    String caPem;
    String oldCaPem;
    switch (action) {
      case REGENERATE_ALL:
      case RENEW_CA: {
        Certificates.Issued ca = Certificates.newCa(now, config.webhookCerts().root());
        oldCaPem = action == CertificatePlan.Action.RENEW_CA ? caData.get(SecretKeys.CA_CRT) : "";
        caPem = ca.certificatePem();
        writeSecret(namespace, ObjectNames.WEBHOOK_CA_SECRET, Map.of(SecretKeys.CA_CRT, caPem,
            SecretKeys.CA_KEY, ca.keyPem(), SecretKeys.CA_CRT_OLD, oldCaPem));
        writeServer(namespace, ca, now);
        break;
      }
      case RENEW_SERVER: {
        caPem = caData.get(SecretKeys.CA_CRT);
        oldCaPem = caData.getOrDefault(SecretKeys.CA_CRT_OLD, "");
        writeServer(namespace, Certificates.parse(caPem, caData.get(SecretKeys.CA_KEY)), now);
        break;
      }
      default:
        caPem = caData.get(SecretKeys.CA_CRT);
        oldCaPem = caData.getOrDefault(SecretKeys.CA_CRT_OLD, "");
    }
    if (action != CertificatePlan.Action.NONE) {
      LOG.info("Webhook certificates renewed ({})", action);
      events.normal(deployment, "WebhookCertificatesRenewed", "Webhook certificates renewed: " + action + ".");
    }
    String bundle = Base64.getEncoder().encodeToString((caPem + (oldCaPem == null ? "" : oldCaPem))
        .getBytes(StandardCharsets.UTF_8));
    boolean configured = patchBundles(bundle);
    return UpdateControl.<Deployment>noUpdate()
        .rescheduleAfter(config.scaled(configured ? config.webhookCerts().requeueAfter() : STARTUP_POLL));
  }

  private void writeServer(String namespace, Certificates.Issued ca, Instant now) {
    Certificates.Issued server = Certificates.newServer(ca, namespace, now, config.webhookCerts().server());
    writeSecret(namespace, ObjectNames.WEBHOOK_CERTS_SECRET, Map.of(SecretKeys.TLS_CRT, server.certificatePem(),
        SecretKeys.TLS_KEY, server.keyPem(), SecretKeys.CA_CRT, ca.certificatePem()));
  }

  /** Patches {@code caBundle} into every entry of both configurations where it differs; false when one is missing. */
  private boolean patchBundles(String bundle) {
    boolean found = true;
    MutatingWebhookConfiguration mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations()
        .withName(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION).get();
    if (mutating == null) {
      found = false;
    } else if (mutating.getWebhooks().stream().anyMatch(w -> differs(w.getClientConfig(), bundle))) {
      client.admissionRegistration().v1().mutatingWebhookConfigurations()
          .withName(ObjectNames.MUTATING_WEBHOOK_CONFIGURATION)
          .edit(c -> {
            c.getWebhooks().forEach(w -> setBundle(w.getClientConfig(), w::setClientConfig, bundle));
            return c;
          });
      LOG.info("Patched the CA bundle into MutatingWebhookConfiguration {}", ObjectNames.MUTATING_WEBHOOK_CONFIGURATION);
    }
    ValidatingWebhookConfiguration validating = client.admissionRegistration().v1().validatingWebhookConfigurations()
        .withName(ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION).get();
    if (validating == null) {
      found = false;
    } else if (validating.getWebhooks().stream().anyMatch(w -> differs(w.getClientConfig(), bundle))) {
      client.admissionRegistration().v1().validatingWebhookConfigurations()
          .withName(ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION)
          .edit(c -> {
            c.getWebhooks().forEach(w -> setBundle(w.getClientConfig(), w::setClientConfig, bundle));
            return c;
          });
      LOG.info("Patched the CA bundle into ValidatingWebhookConfiguration {}", ObjectNames.VALIDATING_WEBHOOK_CONFIGURATION);
    }
    return found;
  }

  private static boolean differs(WebhookClientConfig clientConfig, String bundle) {
    return clientConfig == null || !Objects.equals(clientConfig.getCaBundle(), bundle);
  }

  private static void setBundle(WebhookClientConfig clientConfig, Consumer<WebhookClientConfig> setter, String bundle) {
    WebhookClientConfig updated = clientConfig == null ? new WebhookClientConfig() : clientConfig;
    updated.setCaBundle(bundle);
    setter.accept(updated);
  }

  private Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private void writeSecret(String namespace, String name, Map<String, String> plain) {
    Map<String, String> data = new LinkedHashMap<>();
    plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret existing = secret(namespace, name);
    Secret desired = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withType(name.equals(ObjectNames.WEBHOOK_CERTS_SECRET) ? "kubernetes.io/tls" : "Opaque")
        .withData(data).build();
    if (existing == null) {
      client.secrets().inNamespace(namespace).resource(desired).create();
    } else {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      desired.getMetadata().setLabels(existing.getMetadata().getLabels());
      desired.setType(existing.getType());
      client.secrets().inNamespace(namespace).resource(desired).update();
    }
  }

  private static Map<String, String> decoded(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return null;
    }
    Map<String, String> plain = new LinkedHashMap<>();
    secret.getData().forEach((k, v) -> plain.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return plain;
  }
}
