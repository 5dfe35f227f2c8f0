package com.astromkey.csi.node;

import static com.astromkey.domain.names.CsiVolumeAttributes.DYNAKUBE;
import static com.astromkey.domain.names.CsiVolumeAttributes.EPHEMERAL;
import static com.astromkey.domain.names.CsiVolumeAttributes.MODE;
import static com.astromkey.domain.names.CsiVolumeAttributes.POD_NAME;
import static com.astromkey.domain.names.CsiVolumeAttributes.POD_NAMESPACE;
import static com.astromkey.domain.names.CsiVolumeAttributes.RETRY_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.spec.v1.VolumeCapability;
import com.astromkey.csi.testing.Fixtures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every NodePublishVolume validation rule of §3 maps to INVALID_ARGUMENT naming its field. */
class RequestValidatorTest {
  private static final Path KUBELET = Path.of("/var/lib/kubelet");
  private final RequestValidator validator = new RequestValidator(KUBELET);

  private static NodePublishVolumeRequest.Builder valid() {
    return Fixtures.appRequest(KUBELET, "csi-0123abcd");
  }

  @Test
  void acceptsAWebhookAppVolume() {
    PublishRequest r = validator.publish(valid().build());
    assertThat(r.mode()).isEqualTo(VolumeMode.APP);
    assertThat(r.readOnly()).isTrue();
    assertThat(r.dynakube()).isEqualTo(Fixtures.DK);
    assertThat(r.podNamespace()).isEqualTo("shop");
    assertThat(r.retryTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.targetPath().startsWith(KUBELET.resolve("pods"))).isTrue();
  }

  @Test
  void readsRetryTimeoutAndHostMode() {
    PublishRequest r = validator.publish(valid().putVolumeContext(RETRY_TIMEOUT, "2s").putVolumeContext(MODE, "host").build());
    assertThat(r.retryTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.mode()).isEqualTo(VolumeMode.HOST);
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        bad("volume_id", b -> b.setVolumeId("")),
        bad("volume_id", b -> b.setVolumeId("../x")),
        bad("volume_id", b -> b.setVolumeId("..")),
        bad("volume_id", b -> b.setVolumeId("a/b")),
        bad("volume_id", b -> b.setVolumeId("x".repeat(129))),
        bad("target_path", b -> b.setTargetPath("")),
        bad("target_path", b -> b.setTargetPath("var/lib/kubelet/pods/x/mount")),
        bad("target_path", b -> b.setTargetPath("/etc/passwd")),
        bad("target_path", b -> b.setTargetPath("/var/lib/kubelet/pods/../plugins/x")),
        bad("target_path", b -> b.setTargetPath("/var/lib/kubelet/pods")),
        bad("volume_capability", NodePublishVolumeRequest.Builder::clearVolumeCapability),
        bad("block volumes are not supported",
            b -> b.setVolumeCapability(VolumeCapability.newBuilder().setBlock(VolumeCapability.BlockVolume.getDefaultInstance()))),
        bad("volume_capability", b -> b.setVolumeCapability(VolumeCapability.getDefaultInstance())),
        bad(EPHEMERAL, b -> b.removeVolumeContext(EPHEMERAL)),
        bad(EPHEMERAL, b -> b.putVolumeContext(EPHEMERAL, "false")),
        bad(POD_NAME, b -> b.removeVolumeContext(POD_NAME)),
        bad(POD_NAMESPACE, b -> b.removeVolumeContext(POD_NAMESPACE)),
        bad(POD_NAMESPACE, b -> b.putVolumeContext(POD_NAMESPACE, "../etc")),
        bad("\"mode\"", b -> b.removeVolumeContext(MODE)),
        bad("\"mode\"", b -> b.putVolumeContext(MODE, "App")),
        bad("\"dynakube\"", b -> b.removeVolumeContext(DYNAKUBE)),
        bad("\"dynakube\"", b -> b.putVolumeContext(DYNAKUBE, "1abc")),
        bad("\"dynakube\"", b -> b.putVolumeContext(DYNAKUBE, "Upper")),
        bad("\"dynakube\"", b -> b.putVolumeContext(DYNAKUBE, "a".repeat(41))),
        bad("\"dynakube\"", b -> b.putVolumeContext(DYNAKUBE, "a.b")),
        bad(RETRY_TIMEOUT, b -> b.putVolumeContext(RETRY_TIMEOUT, "soon")),
        bad(RETRY_TIMEOUT, b -> b.putVolumeContext(RETRY_TIMEOUT, "0s")),
        bad(RETRY_TIMEOUT, b -> b.putVolumeContext(RETRY_TIMEOUT, "-5m")),
        bad(RETRY_TIMEOUT, b -> b.putVolumeContext(RETRY_TIMEOUT, "61m")));
  }

  private static Arguments bad(String field, UnaryOperator<NodePublishVolumeRequest.Builder> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void rejectsWithInvalidArgumentNamingTheField(String field, UnaryOperator<NodePublishVolumeRequest.Builder> change) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> validator.publish(change.apply(valid()).build()));
    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains(field);
  }

  @Test
  void boundaryValuesPass() {
    validator.publish(valid().setVolumeId("x".repeat(128)).build());
    validator.publish(valid().putVolumeContext(DYNAKUBE, "a".repeat(40)).build());
    validator.publish(valid().putVolumeContext(RETRY_TIMEOUT, "1h").build());
  }

  @Test
  void unpublishChecksThePathFormingFields() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> validator.unpublish(
        NodeUnpublishVolumeRequest.newBuilder().setVolumeId("..").setTargetPath("/var/lib/kubelet/pods/x/mount").build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    e = catchThrowableOfType(StatusRuntimeException.class, () -> validator.unpublish(
        NodeUnpublishVolumeRequest.newBuilder().setVolumeId("v").setTargetPath("/data").build()));
    assertThat(e.getStatus().getDescription()).contains("target_path");
  }
}
