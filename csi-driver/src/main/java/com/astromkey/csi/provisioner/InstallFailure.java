package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.InsufficientDiskSpaceException;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.oci.RateLimitedException;
import com.astromkey.oci.RegistryException;
import com.astromkey.tenant.TenantApiException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * How one failed install is reported and retried (csi-driver.md §5 errors, §9): the metric reason, the event reason,
 * and a requeue delay when the server told us when to come back (rate limits, tenant 429/503).
 */
public record InstallFailure(String metricReason, String eventReason, Optional<Duration> retryAfter) {
  static final Duration MIN_RETRY = Duration.ofMinutes(1);
  static final Duration MAX_RETRY = Duration.ofMinutes(10);

  static final Duration SIGNATURE_RETRY = Duration.ofMinutes(10);

  public static InstallFailure of(Exception e) {
    if (e instanceof SignatureRejectedException s) {
      String reason = switch (s.result().state()) {
        case SignatureMissing -> CsiEventReasons.CODE_MODULES_SIGNATURE_MISSING;
        case SignatureInvalid -> CsiEventReasons.CODE_MODULES_SIGNATURE_INVALID;
        default -> CsiEventReasons.CODE_MODULES_PULL_FAILED;
      };
      return new InstallFailure("signature", reason, Optional.of(SIGNATURE_RETRY));
    }
    if (e instanceof RateLimitedException r) {
      return new InstallFailure("other", CsiEventReasons.CODE_MODULES_PULL_FAILED, Optional.of(clamp(r.retryAfter())));
    }
    if (e instanceof TenantApiException t) {
      return new InstallFailure(t.isAuthError() ? "unauthorized" : t.isNotFound() ? "not_found" : t.isTransient() ? "timeout" : "other",
          CsiEventReasons.CODE_MODULES_PULL_FAILED, t.requeueDelay());
    }
    if (e instanceof InsufficientDiskSpaceException) {
      return new InstallFailure("disk", CsiEventReasons.INSUFFICIENT_DISK_SPACE, Optional.empty());
    }
    if (e instanceof ZipExtractor.UnsafeZipEntryException) {
      return new InstallFailure("unsafe_layer", CsiEventReasons.CODE_MODULES_PULL_FAILED, Optional.empty());
    }
    if (e instanceof HttpTimeoutException) {
      return new InstallFailure("timeout", CsiEventReasons.CODE_MODULES_PULL_FAILED, Optional.empty());
    }
    if (e instanceof RegistryException r) {
      String reason = switch (r.reason()) {
        case UNAUTHORIZED, DENIED -> "unauthorized";
        case NOT_FOUND, PLATFORM_NOT_FOUND -> "not_found";
        case TLS -> "tls";
        case CONNECTION -> "timeout";
        case DIGEST_MISMATCH, SIZE_MISMATCH -> "digest_mismatch";
        case UNSAFE_LAYER_ENTRY -> "unsafe_layer";
        default -> "other";
      };
      return new InstallFailure(reason, CsiEventReasons.CODE_MODULES_PULL_FAILED, Optional.empty());
    }
    return new InstallFailure("other", CsiEventReasons.CODE_MODULES_PULL_FAILED, Optional.empty());
  }

  /** Consecutive failures back off 1m, 2m, 4m, … at most 10m. */
  public static Duration backoff(int consecutiveFailures) {
    int n = Math.max(1, Math.min(consecutiveFailures, 5));
    Duration d = MIN_RETRY.multipliedBy(1L << (n - 1));
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }

  static Duration clamp(Duration d) {
    if (d.compareTo(MIN_RETRY) < 0) return MIN_RETRY;
    return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
  }
}
