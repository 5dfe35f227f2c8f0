package com.astromkey.csi.node;

import static com.astromkey.domain.names.CsiVolumeAttributes.DYNAKUBE;
import static com.astromkey.domain.names.CsiVolumeAttributes.EPHEMERAL;
import static com.astromkey.domain.names.CsiVolumeAttributes.MODE;
import static com.astromkey.domain.names.CsiVolumeAttributes.POD_NAME;
import static com.astromkey.domain.names.CsiVolumeAttributes.POD_NAMESPACE;
import static com.astromkey.domain.names.CsiVolumeAttributes.RETRY_TIMEOUT;

import com.astromkey.csi.cli.GoDuration;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.spec.v1.VolumeCapability;
import com.astromkey.domain.names.DynaKubeNames;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates Node requests per csi-driver.md §3; every failure is INVALID_ARGUMENT with a message naming the field. */
public final class RequestValidator {
  static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMinutes(10);
  static final Duration MAX_RETRY_TIMEOUT = Duration.ofHours(1);
  private static final Pattern VOLUME_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  /** Pod names and namespaces become directory names of the diagnostic links. */
  private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  private final Path podsDir;

  /** @param kubeletDir the kubelet root, e.g. /var/lib/kubelet; targets must lie below its pods/ directory */
  public RequestValidator(Path kubeletDir) {
    this.podsDir = kubeletDir.toAbsolutePath().normalize().resolve("pods");
  }

  public PublishRequest publish(NodePublishVolumeRequest r) {
    String volumeId = volumeId(r.getVolumeId());
    Path target = targetPath(r.getTargetPath());
    if (!r.hasVolumeCapability()) throw invalid("volume_capability is required");
    VolumeCapability cap = r.getVolumeCapability();
    if (cap.hasBlock()) throw invalid("volume_capability: block volumes are not supported");
    if (!cap.hasMount()) throw invalid("volume_capability: access type mount is required");
    Map<String, String> ctx = r.getVolumeContextMap();
    if (!"true".equals(ctx.get(EPHEMERAL))) {
      throw invalid(field(EPHEMERAL) + " must be \"true\": only inline ephemeral volumes are supported");
    }
    String podName = required(ctx, POD_NAME);
    String podNamespace = required(ctx, POD_NAMESPACE);
    if (!K8S_NAME.matcher(podName).matches() || podName.length() > 253) throw invalid(field(POD_NAME) + " is not a valid pod name");
    if (!K8S_NAME.matcher(podNamespace).matches() || podNamespace.length() > 63) {
      throw invalid(field(POD_NAMESPACE) + " is not a valid namespace name");
    }
    VolumeMode mode = mode(ctx.get(MODE));
    String dynakube = ctx.getOrDefault(DYNAKUBE, "");
    if (dynakube.isEmpty()) throw invalid(field(DYNAKUBE) + " is required");
    if (!DynaKubeNames.isValid(dynakube)) {
      throw invalid(field(DYNAKUBE) + " must be a DNS-1035 label of at most " + DynaKubeNames.MAX_LENGTH + " characters");
    }
    Duration retryTimeout = retryTimeout(ctx.get(RETRY_TIMEOUT));
    return new PublishRequest(volumeId, target, r.getReadonly(), mode, dynakube, podName, podNamespace, retryTimeout);
  }

  /** Unpublish needs the same two path-forming fields checked: the volume id names a directory we delete. */
  public void unpublish(NodeUnpublishVolumeRequest r) {
    volumeId(r.getVolumeId());
    targetPath(r.getTargetPath());
  }

  public Path targetPathOf(NodeUnpublishVolumeRequest r) {
    return targetPath(r.getTargetPath());
  }

  private static String volumeId(String id) {
    if (id.isEmpty()) throw invalid("volume_id is required");
    if (!VOLUME_ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
      throw invalid("volume_id must match [A-Za-z0-9._-]{1,128} and must not be . or ..");
    }
    return id;
  }

  private Path targetPath(String raw) {
    if (raw.isEmpty()) throw invalid("target_path is required");
    if (raw.indexOf('\0') >= 0) throw invalid("target_path must not contain NUL");
    Path p = Path.of(raw);
    if (!p.isAbsolute()) throw invalid("target_path must be absolute");
    Path n = p.normalize();
    if (!n.startsWith(podsDir) || n.equals(podsDir)) throw invalid("target_path must be below " + podsDir + "/");
    return n;
  }

  private static VolumeMode mode(String value) {
    for (VolumeMode m : VolumeMode.values()) if (m.value().equals(value)) return m;
    throw invalid(field(MODE) + " must be app or host");
  }

  private static Duration retryTimeout(String value) {
    if (value == null || value.isEmpty()) return DEFAULT_RETRY_TIMEOUT;
    Duration d;
    try {
      d = GoDuration.parse(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(field(RETRY_TIMEOUT) + " is not a duration: " + value);
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_RETRY_TIMEOUT) > 0) {
      throw invalid(field(RETRY_TIMEOUT) + " must be greater than 0 and at most 1h");
    }
    return d;
  }

  private static String required(Map<String, String> ctx, String key) {
    String v = ctx.getOrDefault(key, "");
    if (v.isEmpty()) throw invalid(field(key) + " is required");
    return v;
  }

  private static String field(String key) {
    return "volume_context[\"" + key + "\"]";
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
