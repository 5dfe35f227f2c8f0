package com.astromkey.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates objects without server-side apply (operator.md §2): the desired object is stamped with a hash
 * annotation and written (PUT with resourceVersion) only when the stored hash differs, so a pass that finds nothing
 * changed writes nothing. A 409 re-reads and re-applies once.
 */
public final class ObjectWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);

  private final KubernetesClient client;

  public ObjectWriter(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Writes {@code desired} when its hash under {@code hashAnnotation} differs from the stored one. */
  public <T extends HasMetadata> WriteResult apply(T desired, String hashAnnotation) {
    return apply(desired, hashAnnotation, (existing, update) -> { });
  }

  /**
   * As {@link #apply(HasMetadata, String)}; {@code preserve} copies server-owned fields (a Service's clusterIP) from the
   * stored object into the update, after hashing.
   */
  public <T extends HasMetadata> WriteResult apply(T desired, String hashAnnotation, BiConsumer<T, T> preserve) {
    String hash = Hashes.ofJson(desired);
    Map<String, String> annotations = desired.getMetadata().getAnnotations() == null
        ? new LinkedHashMap<>() : new LinkedHashMap<>(desired.getMetadata().getAnnotations());
    annotations.put(hashAnnotation, hash);
    desired.getMetadata().setAnnotations(annotations);
    try {
      return write(desired, hashAnnotation, hash, preserve);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.debug("Conflict writing {} {}, re-reading once", desired.getKind(), desired.getMetadata().getName());
      return write(desired, hashAnnotation, hash, preserve);
    }
  }

  /** Deletes the object if it exists. */
  public <T extends HasMetadata> WriteResult delete(Class<T> type, String namespace, String name) {
    T existing = client.resources(type).inNamespace(namespace).withName(name).get();
    if (existing == null) {
      return WriteResult.ABSENT;
    }
    client.resources(type).inNamespace(namespace).withName(name).delete();
    LOG.info("Deleted {} {}/{}", existing.getKind(), namespace, name);
    return WriteResult.DELETED;
  }

  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> WriteResult write(T desired, String hashAnnotation, String hash,
      BiConsumer<T, T> preserve) {
    Class<T> type = (Class<T>) desired.getClass();
    String namespace = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    T existing = client.resources(type).inNamespace(namespace).withName(name).get();
    if (existing == null) {
      desired.getMetadata().setResourceVersion(null);
      client.resources(type).inNamespace(namespace).resource(desired).create();
      LOG.info("Created {} {}/{}", desired.getKind(), namespace, name);
      return WriteResult.CREATED;
    }
    Map<String, String> stored = existing.getMetadata().getAnnotations();
    if (stored != null && hash.equals(stored.get(hashAnnotation))) {
      return WriteResult.UP_TO_DATE;
    }
    desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    preserve.accept(existing, desired);
    client.resources(type).inNamespace(namespace).resource(desired).update();
    LOG.info("Updated {} {}/{}", desired.getKind(), namespace, name);
    return WriteResult.UPDATED;
  }
}
