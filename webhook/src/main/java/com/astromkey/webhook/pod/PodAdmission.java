package com.astromkey.webhook.pod;

import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.metrics.WebhookMetrics;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /inject} endpoint: runs {@link PodInjector} and never denies a pod (webhook.md §7). The injection runs on the
 * server's request thread; the server enforces the deadline and then sends the "timed out" answer (a second thread per request to
 * wait on was most of the endpoint's cost once the mutation itself was cheap, docs/performance.md).
 */
public final class PodAdmission implements AdmissionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PodAdmission.class);

  private final PodInjector injector;
  private final Duration deadline;
  private final Consumer<PendingEvent> events;
  private final WebhookMetrics metrics;

  public PodAdmission(PodInjector injector, Duration deadline, Consumer<PendingEvent> events, WebhookMetrics metrics) {
    this.injector = injector;
    this.deadline = deadline;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public String kind() {
    return "pod";
  }

  @Override
  public Optional<Deadline> deadline() {
    return Optional.of(new Deadline(deadline, this::timedOut));
  }

  @Override
  public AdmissionResponse handle(AdmissionRequest request) {
    Handled handled = handleDeferred(request);
    handled.onSent().run();
    return handled.response();
  }

  /** The injection's events and metrics are recorded only if its answer is sent, not after the deadline's answer. */
  @Override
  public Handled handleDeferred(AdmissionRequest request) {
    List<Runnable> records = new ArrayList<>();
    AdmissionResponse response = answer(request, records);
    return new Handled(response, () -> records.forEach(Runnable::run));
  }

  private AdmissionResponse answer(AdmissionRequest request, List<Runnable> records) {
    Pod pod = read(request);
    if (pod == null) {
      records.add(() -> metrics.podInjection("none", NotInjectedReason.InternalError.name()));
      return AdmissionResponse.allow();
    }
    String namespace = namespace(request, pod);
    try {
      return inject(pod, namespace, request, records);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.error("Pod admission {} in {} failed; the pod is admitted without injection", request.uid(), namespace, e);
      records.clear();
      return notInjected(pod, namespace, NotInjectedReason.InternalError, records);
    }
  }

  /** "Not injected (Timeout)" annotations and event, for a request whose injection ran past the deadline. */
  AdmissionResponse timedOut(AdmissionRequest request) {
    Pod pod = read(request);
    if (pod == null) {
      return AdmissionResponse.allow();
    }
    String namespace = namespace(request, pod);
    LOG.warn("Pod admission {} in {} exceeded the {} ms deadline", request.uid(), namespace, deadline.toMillis());
    List<Runnable> records = new ArrayList<>();
    AdmissionResponse response = notInjected(pod, namespace, NotInjectedReason.Timeout, records);
    records.forEach(Runnable::run);
    return response;
  }

  private static Pod read(AdmissionRequest request) {
    try {
      Pod parsed = AdmissionReviews.JSON.treeToValue(request.object(), Pod.class);
      if (parsed.getMetadata() == null) {
        parsed.setMetadata(new ObjectMeta());
      }
      return parsed;
    } catch (Exception e) {
      LOG.warn("Pod admission {} has no readable pod object: {}", request.uid(), e.getMessage());
      return null;
    }
  }

  private static String namespace(AdmissionRequest request, Pod pod) {
    return request.namespace().isEmpty() && pod.getMetadata().getNamespace() != null
        ? pod.getMetadata().getNamespace() : request.namespace();
  }

  private AdmissionResponse inject(Pod pod, String namespace, AdmissionRequest request, List<Runnable> records) {
    InjectionResult result = injector.inject(pod, namespace);
    if (!request.dryRun()) {
      records.add(() -> result.events().forEach(events));
    }
    if (result.outcome() == InjectionResult.Outcome.INJECTED || result.outcome() == InjectionResult.Outcome.NOT_INJECTED) {
      records.add(() -> metrics.podInjection(result.delivery() == null ? "none" : result.delivery().text(),
          result.reasonLabel()));
    }
    if (result.edit() == null) {
      return AdmissionResponse.allow();
    }
    if (result.outcome() == InjectionResult.Outcome.NOT_INJECTED) {
      LOG.info("Pod {} in {} not injected: {}", podName(pod), namespace, result.reason());
    } else {
      LOG.debug("Pod {} in {}: {}", podName(pod), namespace, result.outcome());
    }
    return AdmissionResponse.allowWithPatch(result.edit().patch(pod));
  }

  /** "Not injected" annotations; if even those cannot be built, an empty allow (webhook.md §7). */
  private AdmissionResponse notInjected(Pod pod, String namespace, NotInjectedReason reason, List<Runnable> records) {
    records.add(() -> metrics.podInjection("none", reason.name()));
    try {
      PendingEvent event = new PendingEvent(namespace, PendingEvent.WARNING, reason.name(),
          "A pod in namespace " + namespace + " was admitted without injection: " + reason.name() + ".",
          namespace + "/" + reason.name());
      records.add(() -> events.accept(event));
      return AdmissionResponse.allowWithPatch(PodInjector.notInjectedEdit(reason).patch(pod));
    } catch (RuntimeException e) {
      LOG.error("Could not build the not-injected patch for a pod in {}", namespace, e);
      return AdmissionResponse.allow();
    }
  }

  private static String podName(Pod pod) {
    String name = pod.getMetadata().getName();
    return name != null ? name : pod.getMetadata().getGenerateName() + "*";
  }
}
