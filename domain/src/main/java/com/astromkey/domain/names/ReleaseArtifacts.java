package com.astromkey.domain.names;

import java.util.List;

/** Names of the published artefacts of a release (helm-and-image.md §6.3), read by {@code mirror --release}. */
public final class ReleaseArtifacts {
  /** The public source every release is published under. */
  public static final String PUBLIC_PREFIX = "registry.astromkey.com/astromkey";
  public static final String OPERATOR_IMAGE = "astromkey-operator";
  public static final String ONEAGENT_IMAGE = "astromkey-oneagent";
  public static final String CODEMODULES_IMAGE = "astromkey-codemodules";
  public static final String ACTIVEGATE_IMAGE = "astromkey-activegate";
  /** The Helm chart, an OCI artifact. */
  public static final String CHART = "charts/astromkey-operator";
  /** {@code Chart.yaml} annotation naming the agent version tested with the release. */
  public static final String AGENT_VERSION_ANNOTATION = "astromkey.com/agent-version";
  public static final String DEFAULT_REPOSITORY_ANNOTATION = "astromkey.com/default-repository";
  public static final List<String> AGENT_IMAGES = List.of(ONEAGENT_IMAGE, CODEMODULES_IMAGE, ACTIVEGATE_IMAGE);

  private ReleaseArtifacts() {
  }

  /** The operator image is tagged {@code v<version>}; the chart and agents carry the bare version. */
  public static String operatorTag(String version) {
    return "v" + version;
  }
}
