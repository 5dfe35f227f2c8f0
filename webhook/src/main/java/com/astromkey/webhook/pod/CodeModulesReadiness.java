package com.astromkey.webhook.pod;

import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.status.CodeModulesStatus;
import com.astromkey.domain.feature.SignatureMode;
import java.util.Optional;

/** The "code modules ready" gate of operator.md §4.4, as the webhook reads it from the cached DynaKube status. */
public final class CodeModulesReadiness {
  public static final String CUSTOM_IMAGE_VERSION = "custom-image";
  public static final String VERIFIED = "Verified";

  private CodeModulesReadiness() {}

  /** Empty when ready; otherwise the reason the pod is not injected. */
  public static Optional<NotInjectedReason> check(DynaKube dk, AppInjection injection, SignatureMode mode) {
    CodeModulesStatus status = dk.getStatus() == null ? null : dk.getStatus().getCodeModules();
    if (status == null) {
      return Optional.of(NotInjectedReason.DynaKubeStatusNotReady);
    }
    boolean ready = injection.hasCodeModulesImage()
        ? notEmpty(status.getImageID())
        : notEmpty(status.getVersion()) && !CUSTOM_IMAGE_VERSION.equals(status.getVersion());
    if (!ready) {
      return Optional.of(NotInjectedReason.DynaKubeStatusNotReady);
    }
    // Signatures exist only for codeModulesImage (operator.md §4.5); zip deliveries have nothing to verify.
    if (mode == SignatureMode.ENFORCE && injection.hasCodeModulesImage() && !verified(status)) {
      return Optional.of(NotInjectedReason.CodeModulesSignatureNotVerified);
    }
    return Optional.empty();
  }

  public static boolean verified(CodeModulesStatus status) {
    return status != null && status.getVerification() != null && VERIFIED.equals(status.getVerification().getState())
        && notEmpty(status.getVerification().getDigest());
  }

  private static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
