package com.astromkey.webhook.namespace;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.names.Labels;
import com.astromkey.domain.names.ObjectNames;
import com.astromkey.domain.selector.LabelSelectors;
import com.astromkey.webhook.admission.AdmissionHandler;
import com.astromkey.webhook.admission.AdmissionRequest;
import com.astromkey.webhook.admission.AdmissionResponse;
import com.astromkey.webhook.admission.AdmissionReviews;
import com.astromkey.webhook.admission.JsonPatches;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@code /label-ns} endpoint: keeps the DynaKube instance label in step with the namespace selectors (webhook.md §5). */
public final class NamespaceLabeler implements AdmissionHandler {
  public static final int CONFLICT_CODE = 400;
  public static final String CONFLICT_REASON = "BadRequest";

  private final String operatorNamespace;
  private final Supplier<List<DynaKube>> dynaKubes;

  /** {@code dynaKubes} lists the cached DynaKubes of the operator namespace. */
  public NamespaceLabeler(String operatorNamespace, Supplier<List<DynaKube>> dynaKubes) {
    this.operatorNamespace = operatorNamespace;
    this.dynaKubes = dynaKubes;
  }

  @Override
  public String kind() {
    return "namespace";
  }

  @Override
  public AdmissionResponse handle(AdmissionRequest request) {
    Namespace namespace = AdmissionReviews.JSON.convertValue(request.object(), Namespace.class);
    if (namespace.getMetadata() == null) {
      namespace.setMetadata(new ObjectMeta());
    }
    String name = namespace.getMetadata().getName() != null ? namespace.getMetadata().getName() : request.name();
    if (operatorNamespace.equals(name) || operatorServiceAccount().equals(request.username())) {
      return AdmissionResponse.allow();
    }
    Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels();
    List<String> selecting = selectingDynaKubes(name, labels);
    if (selecting.size() > 1) {
      return AdmissionResponse.deny(CONFLICT_CODE, CONFLICT_REASON, "Namespace " + name + " is selected by several DynaKubes ("
          + String.join(", ", selecting) + "). A namespace can be injected by one DynaKube only; change the namespace labels"
          + " or the namespaceSelectors.", List.of());
    }
    Map<String, String> desired = new LinkedHashMap<>(labels);
    if (selecting.size() == 1) {
      desired.put(Labels.DYNAKUBE_INSTANCE, selecting.get(0));
    } else {
      desired.remove(Labels.DYNAKUBE_INSTANCE);
    }
    if (desired.equals(labels)) {
      return AdmissionResponse.allow();
    }
    Namespace mutated = AdmissionReviews.JSON.convertValue(request.object(), Namespace.class);
    if (mutated.getMetadata() == null) {
      mutated.setMetadata(new ObjectMeta());
    }
    mutated.getMetadata().setLabels(desired.isEmpty() ? null : desired);
    return AdmissionResponse.allowWithPatch(JsonPatches.diff(AdmissionReviews.JSON.valueToTree(namespace),
        AdmissionReviews.JSON.valueToTree(mutated)));
  }

  /** Names of the app-injection DynaKubes whose selector matches, sorted; their ignored namespaces excluded. */
  public List<String> selectingDynaKubes(String namespace, Map<String, String> labels) {
    List<String> names = new ArrayList<>();
    for (DynaKube dk : dynaKubes.get()) {
      Optional<AppInjection> injection = appInjection(dk);
      if (injection.isEmpty() || FeatureFlags.of(dk).isIgnoredNamespace(namespace)) {
        continue;
      }
      if (LabelSelectors.matches(injection.get().getNamespaceSelector(), labels)) {
        names.add(dk.getMetadata().getName());
      }
    }
    names.sort(null);
    return names;
  }

  private static Optional<AppInjection> appInjection(DynaKube dk) {
    if (dk.getSpec() == null || dk.getSpec().getOneAgent() == null) {
      return Optional.empty();
    }
    return dk.getSpec().getOneAgent().mode().filter(OneAgentMode::injectsCodeModules)
        .map(mode -> dk.getSpec().getOneAgent().appInjection(mode));
  }

  private String operatorServiceAccount() {
    return "system:serviceaccount:" + operatorNamespace + ":" + ObjectNames.OPERATOR_SERVICE_ACCOUNT;
  }
}
