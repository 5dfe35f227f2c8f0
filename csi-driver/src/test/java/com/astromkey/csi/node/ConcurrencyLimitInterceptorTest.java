package com.astromkey.csi.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.astromkey.csi.spec.v1.GetPluginInfoRequest;
import com.astromkey.csi.spec.v1.GetPluginInfoResponse;
import com.astromkey.csi.spec.v1.IdentityGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The concurrency limit over in-process gRPC: excess calls fail fast, permits come back. */
class ConcurrencyLimitInterceptorTest {
  private final CountDownLatch entered = new CountDownLatch(20);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ConcurrencyLimitInterceptor limit = new ConcurrencyLimitInterceptor(20);
  private Server server;
  private ManagedChannel channel;
  private final ExecutorService clients = Executors.newFixedThreadPool(25);

  /** Holds every call until the test releases it, so that in-flight calls pile up. */
  private final class SlowIdentity extends IdentityGrpc.IdentityImplBase {
    @Override
    public void getPluginInfo(GetPluginInfoRequest request, StreamObserver<GetPluginInfoResponse> out) {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.onNext(GetPluginInfoResponse.newBuilder().setName("x").build());
      out.onCompleted();
    }
  }

  private void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).executor(Executors.newCachedThreadPool())
        .addService(ServerInterceptors.intercept(new SlowIdentity(), limit)).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    clients.shutdownNow();
    if (channel != null) channel.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
    if (server != null) server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
  }

  @Test
  void rejectsCallsAboveTheLimitWithResourceExhausted() throws Exception {
    start();
    IdentityGrpc.IdentityBlockingStub stub = IdentityGrpc.newBlockingStub(channel);
    List<Future<Status.Code>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) calls.add(clients.submit(() -> call(stub)));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(limit.inFlight()).isEqualTo(20);

    List<Status.Code> extra = new ArrayList<>();
    for (int i = 0; i < 5; i++) extra.add(call(stub));
    assertThat(extra).containsOnly(Status.Code.RESOURCE_EXHAUSTED);
    StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
        () -> stub.getPluginInfo(GetPluginInfoRequest.getDefaultInstance()));
    assertThat(e.getStatus().getDescription()).isEqualTo("too many concurrent CSI requests (limit 20)");

    release.countDown();
    for (Future<Status.Code> f : calls) assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);
    assertThat(limit.inFlight()).isZero();
    assertThat(call(stub)).isEqualTo(Status.Code.OK);
  }

  private static Status.Code call(IdentityGrpc.IdentityBlockingStub stub) {
    try {
      stub.getPluginInfo(GetPluginInfoRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }
}
