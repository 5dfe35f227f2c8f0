package com.astromkey.operator.pullsecret;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.operator.kube.Hashes;
import com.astromkey.operator.kube.OwnedObjects;
import com.astromkey.operator.kube.SecretData;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds {@code <dk>-injection-pull-secret} (operator.md §5.4): only the entries of {@code spec.customPullSecret} and the
 * Helm pull secret that match an init image's registry; the tenant secret is never copied.
 */
public final class InjectionPullSecret {
  private InjectionPullSecret() {}

  /** An init image and the name of the Secret meant to cover it ("" when none is configured). */
  public record InitImage(String image, String intendedSecret) {}

  /** App injection mode, FF {@code replicate-pull-secret} not false, and one of the two source secrets configured. */
  public static boolean needed(DynaKube dk, String helmPullSecret) {
    Optional<OneAgentMode> mode = dk.getSpec().getOneAgent() == null ? Optional.empty() : dk.getSpec().getOneAgent().mode();
    return mode.map(OneAgentMode::injectsCodeModules).orElse(false)
        && FeatureFlags.of(dk).replicatePullSecret()
        && (isSet(dk.getSpec().getCustomPullSecret()) || isSet(helmPullSecret));
  }

  /** {@code AK_OPERATOR_IMAGE} (Helm secret) and {@code codeModulesImage} when set (spec.customPullSecret). */
  public static List<InitImage> initImages(DynaKube dk, String operatorImage, String helmPullSecret) {
    List<InitImage> images = new ArrayList<>();
    if (isSet(operatorImage)) {
      images.add(new InitImage(operatorImage, nullToEmpty(helmPullSecret)));
    }
    AppInjection injection = dk.getSpec().getOneAgent().mode()
        .map(m -> dk.getSpec().getOneAgent().appInjection(m)).orElse(null);
    if (injection != null && injection.hasCodeModulesImage()) {
      images.add(new InitImage(injection.getCodeModulesImage(), nullToEmpty(dk.getSpec().getCustomPullSecret())));
    }
    return images;
  }

  /**
   * The Secret; {@code secrets} looks a source Secret up by name (null when it does not exist). The order of sources
   * is that of §5.2: {@code spec.customPullSecret} first.
   */
  public static Secret build(DynaKube dk, String helmPullSecret, List<InitImage> initImages,
      Function<String, Secret> secrets) {
    List<String> sourceNames = new ArrayList<>();
    if (isSet(dk.getSpec().getCustomPullSecret())) {
      sourceNames.add(dk.getSpec().getCustomPullSecret());
    }
    if (isSet(helmPullSecret) && !sourceNames.contains(helmPullSecret)) {
      sourceNames.add(helmPullSecret);
    }
    Map<String, Map<String, JsonNode>> sources = new LinkedHashMap<>();
    for (String name : sourceNames) {
      DockerConfigJson.entries(secrets.apply(name)).ifPresent(entries -> sources.put(name, entries));
    }
    Map<String, JsonNode> selected = new LinkedHashMap<>();
    TreeSet<String> uncovered = new TreeSet<>();
    for (InitImage image : initImages) {
      String registry = registry(image.image());
      if (registry == null) {
        continue;
      }
      for (Map<String, JsonNode> entries : sources.values()) {
        entries.forEach((key, value) -> {
          if (DockerConfigJson.normalizeRegistry(key).equals(registry) && !selected.containsKey(registry)) {
            selected.put(registry, value);
          }
        });
      }
      if (isSet(image.intendedSecret()) && !covers(sources.get(image.intendedSecret()), registry)) {
        uncovered.add(registry);
      }
    }
    String json = DockerConfigJson.of(selected);
    String data = SecretData.encode(json);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Annotations.CONTENT_HASH, Hashes.sha256(json));
    if (!uncovered.isEmpty()) {
      annotations.put(Annotations.UNCOVERED_REGISTRIES, String.join(",", uncovered));
    }
    Secret secret = new SecretBuilder()
        .withMetadata(OwnedObjects.meta(dk, ObjectNames.injectionPullSecretSourceName(dk),
            OwnedObjects.labels(dk, null, Labels.COMPONENT_OPERATOR)))
        .withType(SecretKeys.TYPE_DOCKER_CONFIG_JSON)
        .withData(Map.of(SecretKeys.DOCKER_CONFIG_JSON, data))
        .build();
    secret.getMetadata().setAnnotations(annotations);
    return secret;
  }

  private static boolean covers(Map<String, JsonNode> entries, String registry) {
    return entries != null && entries.keySet().stream().anyMatch(k -> DockerConfigJson.normalizeRegistry(k).equals(registry));
  }

  private static String registry(String image) {
    try {
      return ImageReference.parse(image).domain().toLowerCase(java.util.Locale.ROOT);
    } catch (ImageReferenceException e) {
      return null;
    }
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
