package com.astromkey.webhook.pod;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.feature.FeatureFlags;
import java.util.List;

/** Everything the decision flow established about one pod before it is mutated. */
public record InjectionPlan(
    DynaKube dk, OneAgentMode mode, AppInjection appInjection, FeatureFlags flags, InjectionSettings settings,
    String namespace, String installPath, Delivery delivery, String initImage, List<String> injectContainers,
    List<String> skippedContainers) {

  public String dkName() {
    return dk.getMetadata().getName();
  }

  public boolean cloudNative() {
    return mode == OneAgentMode.CLOUD_NATIVE_FULL_STACK;
  }

  /** {@code <status.kubeSystemUUID>}, "" when unknown. */
  public String clusterUid() {
    return dk.getStatus() == null || dk.getStatus().getKubeSystemUUID() == null ? "" : dk.getStatus().getKubeSystemUUID();
  }

  public String tenantUuid() {
    if (dk.getStatus() == null || dk.getStatus().getOneAgent() == null
        || dk.getStatus().getOneAgent().getConnectionInfoStatus() == null) {
      return "";
    }
    String uuid = dk.getStatus().getOneAgent().getConnectionInfoStatus().getTenantUUID();
    return uuid == null ? "" : uuid;
  }
}
