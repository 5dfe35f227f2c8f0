package com.astromkey.operator.dynakube;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.status.DynaKubeStatus;
import com.astromkey.operator.status.StatusAggregator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a DynaKube status through the status subresource with resourceVersion, only when it changed (timestamps aside). */
public final class StatusWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Returns whether a write happened. A 409 re-reads the DynaKube and writes the same status once more. */
  public boolean write(DynaKube dk, DynaKubeStatus previous, DynaKubeStatus status) {
    if (!StatusAggregator.changed(previous, status)) {
      return false;
    }
    try {
      update(dk, status);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      DynaKube fresh = client.resources(DynaKube.class).inNamespace(dk.getMetadata().getNamespace())
          .withName(dk.getMetadata().getName()).get();
      if (fresh == null) {
        return false;
      }
      update(fresh, status);
    }
    LOG.debug("Status of DynaKube {} written, phase {}", dk.getMetadata().getName(), status.getPhase());
    return true;
  }

  private void update(DynaKube current, DynaKubeStatus status) {
    DynaKube copy = new DynaKube();
    copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName(current.getMetadata().getName())
        .withNamespace(current.getMetadata().getNamespace())
        .withResourceVersion(current.getMetadata().getResourceVersion())
        .build());
    copy.setSpec(current.getSpec());
    copy.setStatus(status);
    client.resources(DynaKube.class).inNamespace(current.getMetadata().getNamespace()).resource(copy).updateStatus();
  }
}
