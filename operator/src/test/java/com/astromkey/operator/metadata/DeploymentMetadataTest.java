package com.astromkey.operator.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

/** Deployment metadata ConfigMap content per mode (operator.md §6.3). */
class DeploymentMetadataTest {
  @Test
  void oneEntryPerComponentPlusOperatorVersion() {
    ConfigMap cm = DeploymentMetadata.build(Fixtures.dynaKube("dynakube-cloudnative-private-registry"), "1.2.3", "uid-1");

    assertThat(cm.getMetadata().getName()).isEqualTo("dynakube-deployment-metadata");
    assertThat(cm.getData())
        .containsEntry("oneagent", "deployment=operator-cloud_native_fullstack;operator_version=1.2.3;cluster_id=uid-1")
        .containsEntry("activegate", "deployment=operator-active_gate;operator_version=1.2.3;cluster_id=uid-1")
        .containsEntry("operator", "1.2.3");
  }

  @Test
  void applicationMonitoringHasNoActiveGateEntry() {
    ConfigMap cm = DeploymentMetadata.build(Fixtures.dynaKube("dynakube-application-monitoring"), "1.2.3", "uid-1");

    assertThat(cm.getData()).containsOnlyKeys("oneagent", "operator");
    assertThat(cm.getData().get("oneagent")).startsWith("deployment=operator-application_monitoring;");
  }
}
