package com.astromkey.webhook.pod;

import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.admission.JsonPatches;
import com.astromkey.webhook.admission.PatchOperation;
import com.astromkey.webhook.metrics.WebhookMetrics;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /inject} endpoint: runs {@link PodInjector} under the request deadline and never denies a pod (webhook.md §7). */
public final class PodAdmission implements AdmissionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PodAdmission.class);

  private final PodInjector injector;
  private final ExecutorService executor;
  private final Duration deadline;
  private final Consumer<PendingEvent> events;
  private final WebhookMetrics metrics;

  public PodAdmission(PodInjector injector, ExecutorService executor, Duration deadline, Consumer<PendingEvent> events,
      WebhookMetrics metrics) {
    this.injector = injector;
    this.executor = executor;
    this.deadline = deadline;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public String kind() {
    return "pod";
  }

  @Override
  public AdmissionResponse handle(AdmissionRequest request) {
    AdmittedPod pod;
    try {
      Pod parsed = AdmissionReviews.JSON.treeToValue(request.object(), Pod.class);
      if (parsed.getMetadata() == null) {
        parsed.setMetadata(new ObjectMeta());
      }
      pod = new AdmittedPod(parsed);
    } catch (Exception e) {
      LOG.warn("Pod admission {} has no readable pod object: {}", request.uid(), e.getMessage());
      metrics.podInjection("none", NotInjectedReason.InternalError.name());
      return AdmissionResponse.allow();
    }
    String namespace = request.namespace().isEmpty() && pod.pod().getMetadata().getNamespace() != null
        ? pod.pod().getMetadata().getNamespace() : request.namespace();
    Future<AdmissionResponse> future;
    try {
      future = executor.submit(() -> inject(pod, namespace, request));
    } catch (RuntimeException e) {
      LOG.error("Pod admission {} could not be scheduled", request.uid(), e);
      return notInjected(pod, namespace, NotInjectedReason.InternalError);
    }
    try {
      return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      LOG.warn("Pod admission {} in {} exceeded the {} ms deadline", request.uid(), namespace, deadline.toMillis());
      return notInjected(pod, namespace, NotInjectedReason.Timeout);
    } catch (ExecutionException e) {
      LOG.error("Pod admission {} in {} failed; the pod is admitted without injection", request.uid(), namespace, e.getCause());
      return notInjected(pod, namespace, NotInjectedReason.InternalError);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notInjected(pod, namespace, NotInjectedReason.Timeout);
    }
  }

  private AdmissionResponse inject(AdmittedPod pod, String namespace, AdmissionRequest request) {
    InjectionResult result = injector.inject(pod, namespace);
    if (!request.dryRun()) {
      result.events().forEach(events);
    }
    if (result.outcome() == InjectionResult.Outcome.INJECTED || result.outcome() == InjectionResult.Outcome.NOT_INJECTED) {
      metrics.podInjection(result.delivery() == null ? "none" : result.delivery().text(), result.reasonLabel());
    }
    if (result.pod() == null) {
      return AdmissionResponse.allow();
    }
    if (result.outcome() == InjectionResult.Outcome.NOT_INJECTED) {
      LOG.info("Pod {} in {} not injected: {}", podName(pod), namespace, result.reason());
    } else {
      LOG.debug("Pod {} in {}: {}", podName(pod), namespace, result.outcome());
    }
    return AdmissionResponse.allowWithPatch(diff(pod, result.pod()));
  }

  /** "Not injected" annotations; if even those cannot be built, an empty allow (webhook.md §7). */
  private AdmissionResponse notInjected(AdmittedPod pod, String namespace, NotInjectedReason reason) {
    metrics.podInjection("none", reason.name());
    try {
      events.accept(new PendingEvent(namespace, PendingEvent.WARNING, reason.name(),
          "A pod in namespace " + namespace + " was admitted without injection: " + reason.name() + ".",
          namespace + "/" + reason.name()));
      return AdmissionResponse.allowWithPatch(diff(pod, PodInjector.notInjectedPod(pod, reason)));
    } catch (RuntimeException e) {
      LOG.error("Could not build the not-injected patch for a pod in {}", namespace, e);
      return AdmissionResponse.allow();
    }
  }

  /** The original's tree is the one the mutated copy was read from, so the pod is serialised once per side. */
  private static List<PatchOperation> diff(AdmittedPod original, Pod mutated) {
    return JsonPatches.diff(original.json(), AdmissionReviews.JSON.valueToTree(mutated));
  }

  private static String podName(AdmittedPod pod) {
    String name = pod.pod().getMetadata().getName();
    return name != null ? name : pod.pod().getMetadata().getGenerateName() + "*";
  }
}
