package com.astromkey.domain.dynakube.spec;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The code-module injection settings that cloudNativeFullStack and applicationMonitoring carry inline. */
public interface AppInjection {
  String getCodeModulesImage();

  LabelSelector getNamespaceSelector();

  ResourceRequirements getInitResources();

  /** The version that pins the code modules when no codeModulesImage is set. */
  String getVersion();

  default boolean hasCodeModulesImage() {
    return getCodeModulesImage() != null && !getCodeModulesImage().isEmpty();
  }
}
