package com.astromkey.domain.validation;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.DynaKubeSpec;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.spec.HostInjectSpec;
import com.astromkey.domain.dynakube.spec.OneAgentMode;
import com.astromkey.domain.dynakube.spec.OneAgentSpec;
import com.astromkey.domain.feature.FeatureFlags;
import java.util.List;

/** The input of one validation run with the derived facts most rules need, computed once. */
public final class ValidationContext {
  private final DynaKube dk;
  private final DynaKube oldDk;
  private final ClusterView view;
  private final DynaKubeSpec spec;
  private final OneAgentSpec oneAgent;
  private final FeatureFlags flags;

  public ValidationContext(DynaKube dk, DynaKube oldDk, ClusterView view) {
    this.dk = dk;
    this.oldDk = oldDk;
    this.view = view;
    this.spec = dk.getSpec() == null ? new DynaKubeSpec() : dk.getSpec();
    this.oneAgent = spec.getOneAgent() == null ? new OneAgentSpec() : spec.getOneAgent();
    this.flags = FeatureFlags.of(dk);
  }

  public DynaKube dk() {
    return dk;
  }

  /** The stored object on UPDATE, null on CREATE. */
  public DynaKube oldDk() {
    return oldDk;
  }

  public ClusterView view() {
    return view;
  }

  public DynaKubeSpec spec() {
    return spec;
  }

  /** Never null: an empty spec when {@code spec.oneAgent} is absent. */
  public OneAgentSpec oneAgent() {
    return oneAgent;
  }

  public FeatureFlags flags() {
    return flags;
  }

  public String name() {
    return dk.getMetadata() == null ? null : dk.getMetadata().getName();
  }

  public String namespace() {
    return dk.getMetadata() == null ? null : dk.getMetadata().getNamespace();
  }

  /** The configured OneAgent modes; usually one, several only with AKV-001. */
  public List<OneAgentMode> modes() {
    return oneAgent.configuredModes();
  }

  public HostInjectSpec hostSpec(OneAgentMode mode) {
    return oneAgent.hostSpec(mode);
  }

  public AppInjection appInjection(OneAgentMode mode) {
    return oneAgent.appInjection(mode);
  }

  /** {@code spec.oneAgent.<mode>.<field>}, with the canonical mode spelling. */
  public static String field(OneAgentMode mode, String field) {
    return mode.path() + "." + field;
  }

  public static boolean isSet(String value) {
    return value != null && !value.isEmpty();
  }
}
