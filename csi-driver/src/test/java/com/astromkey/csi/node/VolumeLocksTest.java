package com.astromkey.csi.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

/** One operation per volume id at a time. */
class VolumeLocksTest {
  @Test
  @SuppressWarnings("try")
  void secondOperationOnTheSameVolumeIsAbortedUntilTheFirstEnds() {
    VolumeLocks locks = new VolumeLocks();
    try (VolumeLocks.Held first = locks.acquire("vol-1")) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> locks.acquire("vol-1"));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
      assertThat(e.getStatus().getDescription()).isEqualTo("an operation for volume vol-1 is in progress");
      locks.acquire("vol-2").close();
    }
    locks.acquire("vol-1").close();
  }
}
