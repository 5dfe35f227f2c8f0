package com.astromkey.operator.signature;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.feature.FeatureFlags;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.dynakube.spec.AppInjection;

/** The effective signature policy of one DynaKube (operator.md §4.5, registry.md §10.1): the flag wins over Helm. */
public final class SignaturePolicy {

  private SignaturePolicy() {}

  public static SignatureMode effective(FeatureFlags flags, SignatureMode helmDefault) {
    return flags.signatureVerification().orElse(helmDefault == null ? SignatureMode.OFF : helmDefault);
  }

  public static SignatureMode effective(DynaKube dk, SignatureMode helmDefault) {
    return effective(FeatureFlags.of(dk), helmDefault);
  }

  /** Only our own check of a custom {@code codeModulesImage} is subject to the policy; tenant zips are not images. */
  public static boolean applies(SignatureMode mode, AppInjection injection) {
    return mode != SignatureMode.OFF && injection != null && injection.hasCodeModulesImage();
  }
}
