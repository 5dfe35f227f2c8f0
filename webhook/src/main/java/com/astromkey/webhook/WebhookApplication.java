package com.astromkey.webhook;

import com.astromkey.domain.names.PathNames;
import com.astromkey.domain.validation.DynaKubeValidator;
import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.cache.CachedClusterView;
import com.astromkey.webhook.cache.InformerCaches;
import com.astromkey.webhook.config.WebhookConfig;
import com.astromkey.webhook.events.EventRecorder;
import com.astromkey.webhook.metrics.WebhookMetrics;
import com.astromkey.webhook.namespace.NamespaceLabeler;
import com.astromkey.webhook.pod.InjectionSettings;
import com.astromkey.webhook.pod.PodAdmission;
import com.astromkey.webhook.pod.PodInjector;
import com.astromkey.webhook.validation.DynaKubeAdmission;
import com.astromkey.webhook.server.AdmissionServer;
import com.astromkey.webhook.server.CertificateReloader;
import com.astromkey.webhook.server.CertificateSecretWriter;
import com.astromkey.webhook.server.ManagementServer;
import com.astromkey.webhook.server.ReloadingKeyManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The running webhook: informer caches, certificate reloading, the admission listener and the health/metrics listeners. */
public final class WebhookApplication implements AutoCloseable {
  private final WebhookConfig config;
  private final InformerCaches caches;
  private final CertificateReloader reloader;
  private final EventRecorder events;
  private final AdmissionServer admissionServer;
  private final ManagementServer managementServer;

  private WebhookApplication(WebhookConfig config, InformerCaches caches, CertificateReloader reloader, EventRecorder events,
      AdmissionServer admissionServer, ManagementServer managementServer) {
    this.config = config;
    this.caches = caches;
    this.reloader = reloader;
    this.events = events;
    this.admissionServer = admissionServer;
    this.managementServer = managementServer;
  }

  /** Explicit wiring, no container: everything the mode needs is built here from the config and the client. */
  public static WebhookApplication start(WebhookConfig config, KubernetesClient client, Clock clock)
      throws GeneralSecurityException {
    WebhookMetrics metrics = new WebhookMetrics();
    ReloadingKeyManager keyManager = new ReloadingKeyManager();
    CertificateReloader reloader = new CertificateReloader(config.certsDir(), keyManager, metrics::certificateExpiry);
    reloader.reload();
    reloader.startPolling(config.certificateFilePoll());
    InformerCaches caches = InformerCaches.start(client, config.podNamespace(), WebhookConfig.DEFAULT_SECRET_RESYNC,
        new CertificateSecretWriter(config.certsDir(), reloader));
    EventRecorder events = new EventRecorder(client, clock, EventRecorder.DEFAULT_INTERVAL);
    events.start();
    CachedClusterView view = CachedClusterView.of(caches, config.modules(), config.operatorPullSecret());
    Map<String, AdmissionHandler> routes = new LinkedHashMap<>();
    routes.put(PathNames.WEBHOOK_INJECT, new PodAdmission(new PodInjector(InjectionSettings.of(config), caches),
        config.admissionDeadline(), events::record, metrics));
    routes.put(PathNames.WEBHOOK_LABEL_NAMESPACE, new NamespaceLabeler(config.podNamespace(), caches::dynaKubes));
    routes.put(PathNames.WEBHOOK_VALIDATE_DYNAKUBE,
        new DynaKubeAdmission(new DynaKubeValidator(), config.podNamespace(), view, view.foreignNamespace()));
    AdmissionServer admissionServer = null;
    try {
      admissionServer = AdmissionServer.start(config.bindAddress(), config.webhookPort(), keyManager, routes, metrics,
          config.workerThreads());
      ManagementServer management = ManagementServer.start(config.bindAddress(), config.healthPort(), config.metricsPort(),
          () -> reloader.loaded() && caches.synced(), metrics);
      return new WebhookApplication(config, caches, reloader, events, admissionServer, management);
    } catch (GeneralSecurityException | RuntimeException e) {
      if (admissionServer != null) {
        admissionServer.close();
      }
      events.close();
      caches.close();
      reloader.close();
      throw e;
    }
  }

  /** Waits until a certificate is loaded, polling at the configured interval; false after the configured wait. */
  public boolean awaitCertificate() throws InterruptedException {
    long deadline = System.nanoTime() + config.certificateWait().toNanos();
    while (!reloader.loaded()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      reloader.reload();
      if (!reloader.loaded()) {
        Thread.sleep(Math.max(1, Math.min(config.certificateWaitPoll().toMillis(),
            Duration.ofNanos(deadline - System.nanoTime()).toMillis())));
      }
    }
    return true;
  }

  public boolean ready() {
    return reloader.loaded() && caches.synced();
  }

  public int webhookPort() {
    return admissionServer.port();
  }

  public int healthPort() {
    return managementServer.healthPort();
  }

  public int metricsPort() {
    return managementServer.metricsPort();
  }

  @Override
  public void close() {
    managementServer.close();
    admissionServer.close();
    events.close();
    caches.close();
    reloader.close();
  }
}
