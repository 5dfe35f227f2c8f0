package com.astromkey.csi.liveness;

import com.astromkey.csi.grpc.UnixSocketChannel;
import com.astromkey.csi.http.HttpEndpoint.Response;
import com.astromkey.csi.spec.v1.IdentityGrpc;
import com.astromkey.csi.spec.v1.ProbeRequest;
import com.astromkey.csi.spec.v1.ProbeResponse;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Turns the CSI Probe call into the HTTP answer of {@code /healthz}: 200 ok, else 500 with the reason. */
public final class LivenessProbe implements AutoCloseable {
  private final UnixSocketChannel channel;
  private final Duration timeout;

  public LivenessProbe(Path csiSocket, Duration timeout) {
    this.channel = new UnixSocketChannel(csiSocket);
    this.timeout = timeout;
  }

  public Response check() {
    try {
      ProbeResponse r = IdentityGrpc.newBlockingStub(channel.channel())
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .probe(ProbeRequest.getDefaultInstance());
      // an unset ready means ready (CSI spec: the field is optional and absence is not a failure)
      if (!r.hasReady() || r.getReady().getValue()) return Response.text(200, "ok");
      return Response.text(500, "CSI driver reports not ready");
    } catch (StatusRuntimeException e) {
      String d = e.getStatus().getDescription();
      return Response.text(500, e.getStatus().getCode() + (d == null ? "" : ": " + d));
    }
  }

  @Override
  public void close() {
    channel.close();
  }
}
