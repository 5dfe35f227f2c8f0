package com.astromkey.webhook.pod;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.oci.keychain.RegistryKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;

/** Decides whether the kubelet needs the replicated injection pull secret for the init-container image (webhook.md §8). */
public final class InitImagePullSecret {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Not needed, needed and available, or needed but unusable (the pod is then not injected). */
  public enum Verdict { NOT_NEEDED, ATTACH, MISSING }

  private InitImagePullSecret() {}

  public static Verdict check(DynaKube dk, FeatureFlags flags, String initImage, String podNamespace, InjectionCache cache) {
    if (!flags.replicatePullSecret()) {
      return Verdict.NOT_NEEDED;
    }
    Optional<Secret> source = cache.operatorSecret(ObjectNames.injectionPullSecretSourceName(dk));
    if (source.isEmpty()) {
      return Verdict.NOT_NEEDED;
    }
    ImageReference image;
    try {
      image = ImageReference.parse(initImage);
    } catch (ImageReferenceException e) {
      // An unparsable image cannot be matched; the kubelet will report it, the pull secret would not help.
      return Verdict.NOT_NEEDED;
    }
    if (uncovered(source.get(), image)) {
      return Verdict.MISSING;
    }
    if (!covers(source.get(), image)) {
      return Verdict.NOT_NEEDED;
    }
    return cache.replica(podNamespace, ObjectNames.INJECTION_PULL_SECRET).isPresent() ? Verdict.ATTACH : Verdict.MISSING;
  }

  /** The annotation lists registries (host and port); an entry names the image's registry if both normalise alike. */
  private static boolean uncovered(Secret source, ImageReference image) {
    String list = source.getMetadata().getAnnotations() == null ? null
        : source.getMetadata().getAnnotations().get(Annotations.UNCOVERED_REGISTRIES);
    if (list == null || list.isBlank()) {
      return false;
    }
    Optional<RegistryKey> registry = key(image.domain());
    return registry.isPresent() && Arrays.stream(list.split("[,\\s]+"))
        .map(InitImagePullSecret::key)
        .anyMatch(registry::equals);
  }

  /** registry.md §3 matching of the {@code auths} keys, the registry module's own (the credentials are never read here). */
  private static boolean covers(Secret source, ImageReference image) {
    String encoded = source.getData() == null ? null : source.getData().get(SecretKeys.DOCKER_CONFIG_JSON);
    if (encoded == null) {
      return false;
    }
    try {
      JsonNode auths = JSON.readTree(Base64.getDecoder().decode(encoded)).path("auths");
      Iterator<String> keys = auths.fieldNames();
      while (keys.hasNext()) {
        Optional<RegistryKey> key = key(keys.next());
        if (key.isPresent() && key.get().matches(image.domain(), image.path())) {
          return true;
        }
      }
      return false;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Empty for a key without a host, which covers nothing. */
  private static Optional<RegistryKey> key(String text) {
    try {
      return Optional.of(RegistryKey.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
