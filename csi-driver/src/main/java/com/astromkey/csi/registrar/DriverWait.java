package com.astromkey.csi.registrar;

import com.astromkey.csi.grpc.UnixSocketChannel;
import com.astromkey.csi.spec.v1.GetPluginInfoRequest;
import com.astromkey.csi.spec.v1.IdentityGrpc;
import com.astromkey.domain.names.ObjectNames;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits until the CSI socket answers GetPluginInfo with our driver name, so the kubelet never sees a dead endpoint. */
public final class DriverWait {
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private DriverWait() {}

  /** @return true when the driver answered in time */
  public static boolean await(Path csiSocket, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (answers(csiSocket)) return true;
      if (System.nanoTime() >= deadline) return false;
      Thread.sleep(INTERVAL.toMillis());
    }
  }

  static boolean answers(Path csiSocket) {
    if (!csiSocket.toFile().exists()) return false;
    try (UnixSocketChannel ch = new UnixSocketChannel(csiSocket)) {
      String name = IdentityGrpc.newBlockingStub(ch.channel())
          .withDeadlineAfter(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
          .getPluginInfo(GetPluginInfoRequest.getDefaultInstance())
          .getName();
      return ObjectNames.CSI_DRIVER.equals(name);
    } catch (StatusRuntimeException e) {
      return false;
    }
  }
}
