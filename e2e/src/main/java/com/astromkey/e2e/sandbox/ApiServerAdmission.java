package com.astromkey.e2e.sandbox;

import com.astromkey.domain.dynakube.DynaKube;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The mock API server's CRUD store with the kube-apiserver's admission chain in front of CREATE: pods and namespaces go
 * through the mutating webhook and DynaKubes through the validating one, exactly as a client that only talks to the API
 * server (the KUBECONFIG runner) sees a real cluster. Until the webhook is up, creates are stored as they come.
 */
final class ApiServerAdmission extends KubernetesCrudDispatcher {
  private static final Pattern PODS = Pattern.compile("^/api/v1/namespaces/[^/]+/pods(\\?.*)?$");
  private static final Pattern NAMESPACES = Pattern.compile("^/api/v1/namespaces(\\?.*)?$");
  private static final Pattern DYNAKUBES = Pattern.compile("^/apis/astromkey\\.com/[^/]+/namespaces/[^/]+/dynakubes(\\?.*)?$");

  private final AtomicReference<AdmissionCaller> webhook;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  ApiServerAdmission(AtomicReference<AdmissionCaller> webhook) {
    super(List.of());
    this.webhook = webhook;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    AdmissionCaller caller = webhook.get();
    String path = request.getPath();
    try {
      if (caller != null && PODS.matcher(path).matches()) {
        Pod pod = serialization.unmarshal(request.getUtf8Body(), Pod.class);
        if (pod.getMetadata().getUid() == null) {
          // the API server has given the object its uid by the time the webhooks see it
          pod.getMetadata().setUid(UUID.randomUUID().toString());
        }
        return admitted(request, caller.mutatePod(pod, false));
      }
      if (caller != null && NAMESPACES.matcher(path).matches()) {
        return admitted(request, caller.labelNamespace(serialization.unmarshal(request.getUtf8Body(), Namespace.class)));
      }
      if (caller != null && DYNAKUBES.matcher(path).matches()) {
        return admitted(request, caller.validateDynaKube(serialization.unmarshal(request.getUtf8Body(), DynaKube.class), null));
      }
    } catch (IOException e) {
      return status(500, "InternalError", "calling the admission webhook failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return status(500, "InternalError", "interrupted while calling the admission webhook");
    }
    return super.handleCreate(request);
  }

  /** Stores the object as the webhook left it; a denial is a 403 with the webhook's message. */
  private MockResponse admitted(RecordedRequest request, AdmissionCaller.Result<? extends HasMetadata> result) {
    if (!result.allowed()) {
      return status(403, "Forbidden", "admission webhook denied the request: " + result.message());
    }
    RecordedRequest mutated = new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
        request.getHeaders(), new Buffer(serialization.asJson(result.object()).getBytes(StandardCharsets.UTF_8)));
    return super.handleCreate(mutated);
  }

  private MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setBody(serialization.asJson(new StatusBuilder().withStatus("Failure")
        .withCode(code).withReason(reason).withMessage(message).build()));
  }
}
