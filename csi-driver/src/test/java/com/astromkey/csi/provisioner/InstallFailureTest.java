package com.astromkey.csi.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.layout.InsufficientDiskSpaceException;
import com.astromkey.oci.RateLimitedException;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.verify.VerificationResult;
import com.astromkey.oci.verify.VerificationState;
import java.io.IOException;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Metric and event reasons of failed installs, rate-limit requeues and the 1m…10m backoff. */
class InstallFailureTest {
  @Test
  void backoffDoublesFromOneToTenMinutes() {
    assertThat(InstallFailure.backoff(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(InstallFailure.backoff(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(InstallFailure.backoff(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(InstallFailure.backoff(4)).isEqualTo(Duration.ofMinutes(8));
    assertThat(InstallFailure.backoff(5)).isEqualTo(Duration.ofMinutes(10));
    assertThat(InstallFailure.backoff(50)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void registryReasonsMapToMetricReasons() {
    assertThat(InstallFailure.of(new RegistryException(Reason.UNAUTHORIZED, "x")).metricReason()).isEqualTo("unauthorized");
    assertThat(InstallFailure.of(new RegistryException(Reason.NOT_FOUND, "x")).metricReason()).isEqualTo("not_found");
    assertThat(InstallFailure.of(new RegistryException(Reason.TLS, "x")).metricReason()).isEqualTo("tls");
    assertThat(InstallFailure.of(new RegistryException(Reason.DIGEST_MISMATCH, "x")).metricReason()).isEqualTo("digest_mismatch");
    assertThat(InstallFailure.of(new RegistryException(Reason.UNSAFE_LAYER_ENTRY, "x")).metricReason()).isEqualTo("unsafe_layer");
    assertThat(InstallFailure.of(new IOException("x")).metricReason()).isEqualTo("other");
    assertThat(InstallFailure.of(new RegistryException(Reason.UNAUTHORIZED, "x")).eventReason()).isEqualTo("CodeModulesPullFailed");
  }

  @Test
  void aRejectedSignatureIsMetricSignatureWithItsOwnEventAndATenMinuteRequeue() {
    com.astromkey.oci.Digest d = com.astromkey.oci.Digest.parse("sha256:" + "ab".repeat(32));
    InstallFailure missing = InstallFailure.of(new SignatureRejectedException("r/x:1", new VerificationResult(
        VerificationState.SignatureMissing, d, "no signature found", List.of())));
    assertThat(missing.metricReason()).isEqualTo("signature");
    assertThat(missing.eventReason()).isEqualTo("CodeModulesSignatureMissing");
    assertThat(missing.retryAfter()).contains(Duration.ofMinutes(10));
    InstallFailure invalid = InstallFailure.of(new SignatureRejectedException("r/x:1", new VerificationResult(
        VerificationState.SignatureInvalid, d, "1 signature found, none valid: bad signature", List.of())));
    assertThat(invalid.eventReason()).isEqualTo("CodeModulesSignatureInvalid");
    InstallFailure error = InstallFailure.of(new SignatureRejectedException("r/x:1", VerificationResult.error(null, "x")));
    assertThat(error.eventReason()).isEqualTo("CodeModulesPullFailed");
  }

  @Test
  void diskAndRateLimits() {
    InstallFailure disk = InstallFailure.of(new InsufficientDiskSpaceException("full"));
    assertThat(disk.metricReason()).isEqualTo("disk");
    assertThat(disk.eventReason()).isEqualTo("InsufficientDiskSpace");
    assertThat(InstallFailure.of(new RateLimitedException("slow down", Duration.ofSeconds(5))).retryAfter())
        .contains(Duration.ofMinutes(1));
    assertThat(InstallFailure.of(new RateLimitedException("slow down", Duration.ofHours(1))).retryAfter())
        .contains(Duration.ofMinutes(10));
    assertThat(InstallFailure.of(new RateLimitedException("slow down", Duration.ofMinutes(3))).retryAfter())
        .contains(Duration.ofMinutes(3));
  }
}
