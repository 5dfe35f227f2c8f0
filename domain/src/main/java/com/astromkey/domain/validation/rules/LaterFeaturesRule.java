package com.astromkey.domain.validation.rules;

import com.astromkey.domain.dynakube.DynaKubeSpec;
import com.astromkey.domain.dynakube.spec.ActiveGateSpec;
import com.astromkey.domain.feature.FeatureFlag;
import com.astromkey.domain.validation.Problem;
import com.astromkey.domain.validation.ValidationContext;
import com.astromkey.domain.validation.ValidationRule;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** AKW-012: fields and flags of a later release (README §9) are stored but have no effect. */
public final class LaterFeaturesRule implements ValidationRule {
  private static final String NOT_SUPPORTED = " is not supported by this operator version; it is stored but has no effect.";

  @Override
  public List<String> ids() {
    return List.of("AKW-012");
  }

  @Override
  public List<Problem> check(ValidationContext context) {
    DynaKubeSpec spec = context.spec();
    List<Problem> problems = new ArrayList<>();
    if (Boolean.TRUE.equals(spec.getEnableIstio())) {
      problems.add(field("spec.enableIstio"));
    }
    section(spec.getMetadataEnrichment(), "spec.metadataEnrichment", problems);
    section(spec.getLogMonitoring(), "spec.logMonitoring", problems);
    section(spec.getKspm(), "spec.kspm", problems);
    section(spec.getExtensions(), "spec.extensions", problems);
    section(spec.getTelemetryIngest(), "spec.telemetryIngest", problems);
    section(spec.getTemplates(), "spec.templates", problems);
    ActiveGateSpec activeGate = spec.getActiveGate();
    if (activeGate != null) {
      if (activeGate.getCustomProperties() != null
          && (activeGate.getCustomProperties().hasValue() || activeGate.getCustomProperties().hasValueFrom())) {
        problems.add(field("spec.activeGate.customProperties"));
      }
      if (ValidationContext.isSet(activeGate.getTlsSecretName())) {
        problems.add(field("spec.activeGate.tlsSecretName"));
      }
      if (activeGate.getVolumeClaimTemplate() != null) {
        problems.add(field("spec.activeGate.volumeClaimTemplate"));
      }
      if (Boolean.TRUE.equals(activeGate.getUseEphemeralVolume())) {
        problems.add(field("spec.activeGate.useEphemeralVolume"));
      }
    }
    for (FeatureFlag flag : context.flags().laterFlags()) {
      problems.add(new Problem("AKW-012", "Annotation " + flag.key() + NOT_SUPPORTED));
    }
    return problems;
  }

  private static void section(JsonNode value, String path, List<Problem> problems) {
    if (value != null && !value.isNull() && !value.isMissingNode()) {
      problems.add(field(path));
    }
  }

  private static Problem field(String path) {
    return new Problem("AKW-012", path + NOT_SUPPORTED);
  }
}
