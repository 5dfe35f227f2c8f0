package com.astromkey.operator.signature;

import com.astromkey.domain.dynakube.spec.AppInjection;
import com.astromkey.domain.dynakube.status.CodeModulesStatus;
import com.astromkey.domain.dynakube.status.VerificationStatus;
import com.astromkey.domain.feature.SignatureMode;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.oci.verify.VerificationResult;
import com.astromkey.oci.verify.VerificationState;
import com.astromkey.operator.dynakube.ReconcileRun;
import com.astromkey.operator.events.EventRecorder;
import com.astromkey.operator.status.ConditionTypes;
import com.astromkey.operator.status.Messages;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signature check of {@code codeModulesImage} (operator.md §4.5): result into {@code status.codeModules.verification},
 * condition {@code CodeModulesSignature} and an event when the result changes; re-checked only when the image or the keys
 * change or after {@code astromkeyApiRequestThreshold}.
 */
public final class CodeModulesSignatureStep {
  private static final Logger LOG = LoggerFactory.getLogger(CodeModulesSignatureStep.class);

  private final ImageVerifier verifier;
  /** The inputs of the last real check per DynaKube uid; after a restart the first reconcile checks again. */
  private final Map<String, LastCheck> lastChecks = new ConcurrentHashMap<>();

  record LastCheck(String image, String keysFingerprint, Instant at) {}

  /** A real check: the status entry (stable message) and the verifier's detail for the event. */
  record Checked(VerificationStatus status, String detail) {}

  public CodeModulesSignatureStep(ImageVerifier verifier) {
    this.verifier = verifier;
  }

  /** Runs after the code-modules version step, which creates {@code status.codeModules}. */
  public void run(ReconcileRun run, AppInjection injection) {
    SignatureMode mode = SignaturePolicy.effective(run.flags(), run.config().signatureMode());
    CodeModulesStatus codeModules = run.status().getCodeModules();
    if (!SignaturePolicy.applies(mode, injection) || codeModules == null) {
      remove(run);
      return;
    }
    String image = injection.getCodeModulesImage();
    SignatureKeys keys = SignatureKeys.from(
        run.kube().get(ConfigMap.class, run.config().namespace(), run.config().signatureKeysConfigMap()));
    String uid = run.dk().getMetadata().getUid();
    VerificationStatus current = codeModules.getVerification();
    if (current != null && !due(lastChecks.get(uid), image, keys, run)) {
      condition(run, current);
      return;
    }
    Checked checked = check(run, image, keys);
    codeModules.setVerification(checked.status());
    lastChecks.put(uid, new LastCheck(image, keys.fingerprint(), run.now()));
    condition(run, checked.status());
    String state = checked.status().getState();
    if (!state.equals(previousState(run))) {
      LOG.info("Signature of code modules {} for DynaKube {} is now {}", image, run.name(), state);
      boolean verified = VerificationState.Verified.name().equals(state);
      run.events().record(run.dk(), verified ? EventRecorder.NORMAL : EventRecorder.WARNING,
          eventReason(VerificationState.valueOf(state)), checked.detail());
    }
  }

  /**
   * Whether code modules may be injected as far as signatures go: always unless {@code enforce} applies and the last result
   * is not {@code Verified} (the webhook applies the same rule, webhook.md §3).
   */
  public static boolean permitsInjection(ReconcileRun run, AppInjection injection) {
    SignatureMode mode = SignaturePolicy.effective(run.flags(), run.config().signatureMode());
    if (mode != SignatureMode.ENFORCE || !SignaturePolicy.applies(mode, injection)) {
      return true;
    }
    CodeModulesStatus codeModules = run.status().getCodeModules();
    VerificationStatus verification = codeModules == null ? null : codeModules.getVerification();
    return verification != null && VerificationState.Verified.name().equals(verification.getState())
        && verification.getDigest() != null;
  }

  public void forget(String uid) {
    lastChecks.remove(uid);
  }

  static boolean due(LastCheck last, String image, SignatureKeys keys, ReconcileRun run) {
    if (last == null || !last.image().equals(image) || !last.keysFingerprint().equals(keys.fingerprint())) {
      return true;
    }
    Duration period = Duration.ofMinutes(run.dk().getSpec().requestThresholdMinutes());
    return !run.now().isBefore(last.at().plus(period));
  }

  private Checked check(ReconcileRun run, String image, SignatureKeys keys) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (ImageReferenceException e) {
      return record(run, VerificationState.VerificationError, null, Messages.signatureBadReference(image),
          Messages.signatureBadReference(image));
    }
    if (keys.isEmpty()) {
      String message = Messages.signatureNoKeys(run.config().namespace(), run.config().signatureKeysConfigMap());
      return record(run, VerificationState.VerificationError, null, message, message);
    }
    VerificationResult result = verifier.verify(reference, keys.keys(), access(run));
    return record(run, result.state(), result.digestText(), statusMessage(reference, result),
        subject(reference, result.digestText()) + ": " + result.message() + ".");
  }

  /** Status and condition carry the stable message; the verifier's detail goes only into the event. */
  private static Checked record(ReconcileRun run, VerificationState state, String digest, String message,
      String detail) {
    VerificationStatus status = new VerificationStatus();
    status.setState(state.name());
    status.setDigest(digest);
    status.setCheckedAt(run.now().toString());
    status.setMessage(message);
    return new Checked(status, detail);
  }

  static String statusMessage(ImageReference reference, VerificationResult result) {
    String subject = subject(reference, result.digestText());
    return switch (result.state()) {
      case Verified -> Messages.signatureVerified(subject);
      case SignatureMissing -> Messages.signatureMissing(subject);
      case SignatureInvalid -> Messages.signatureInvalid(subject);
      case VerificationError -> Messages.signatureUnchecked(reference.canonical());
    };
  }

  static String eventReason(VerificationState state) {
    return switch (state) {
      case Verified -> "CodeModulesSignatureVerified";
      case SignatureMissing -> "CodeModulesSignatureMissing";
      case SignatureInvalid -> "CodeModulesSignatureInvalid";
      case VerificationError -> "CodeModulesSignatureError";
    };
  }

  private static String subject(ImageReference reference, String digest) {
    return digest == null ? reference.canonical() : reference.domain() + "/" + reference.path() + "@" + digest;
  }

  private static void condition(ReconcileRun run, VerificationStatus verification) {
    if (VerificationState.Verified.name().equals(verification.getState())) {
      run.conditions().setTrue(ConditionTypes.CODE_MODULES_SIGNATURE, verification.getState(), verification.getMessage());
    } else {
      run.conditions().setFalse(ConditionTypes.CODE_MODULES_SIGNATURE, verification.getState(), verification.getMessage());
    }
  }

  private static String previousState(ReconcileRun run) {
    CodeModulesStatus previous = run.previous().getCodeModules();
    return previous == null || previous.getVerification() == null ? null : previous.getVerification().getState();
  }

  private void remove(ReconcileRun run) {
    if (run.status().getCodeModules() != null) {
      run.status().getCodeModules().setVerification(null);
    }
    run.conditions().remove(ConditionTypes.CODE_MODULES_SIGNATURE);
    lastChecks.remove(run.dk().getMetadata().getUid());
  }

  /** The keychain of operator.md §5.2 (custom, Helm, tenant pull secret; missing ones skipped) and the DK's transport. */
  static RegistryAccess access(ReconcileRun run) {
    return RegistryAccess.of(run.dk(), run.config().helmPullSecret(), run.kube(), run.trustedPems(), run.proxyUrl());
  }
}
