package com.astromkey.csi.node;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** Admits at most {@code limit} CSI calls at once; the rest get RESOURCE_EXHAUSTED at once instead of queueing (§3). */
public final class ConcurrencyLimitInterceptor implements ServerInterceptor {
  private final int limit;
  private final Semaphore permits;

  public ConcurrencyLimitInterceptor(int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
    this.limit = limit;
    this.permits = new Semaphore(limit);
  }

  public int inFlight() {
    return limit - permits.availablePermits();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!permits.tryAcquire()) {
      call.close(Status.RESOURCE_EXHAUSTED.withDescription("too many concurrent CSI requests (limit " + limit + ")"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) permits.release();
    };
    ServerCall<Q, R> tracked = new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        release.run();
        super.close(status, trailers);
      }
    };
    try {
      return new SimpleForwardingServerCallListener<>(next.startCall(tracked, headers)) {
        @Override
        public void onCancel() {
          release.run();
          super.onCancel();
        }

        @Override
        public void onComplete() {
          release.run();
          super.onComplete();
        }
      };
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
  }
}
