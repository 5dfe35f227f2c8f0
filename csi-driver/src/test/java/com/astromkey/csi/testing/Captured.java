package com.astromkey.csi.testing;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** A unary StreamObserver that keeps the answer, for calling service implementations directly. */
public final class Captured<T> implements StreamObserver<T> {
  private T value;
  private Throwable error;
  private boolean completed;

  @Override
  public void onNext(T v) {
    value = v;
  }

  @Override
  public void onError(Throwable t) {
    error = t;
  }

  @Override
  public void onCompleted() {
    completed = true;
  }

  public T value() {
    if (error != null) throw new AssertionError("call failed: " + Status.fromThrowable(error), error);
    if (!completed) throw new AssertionError("call did not complete");
    return value;
  }

  public Status status() {
    if (error != null) return Status.fromThrowable(error);
    if (!completed) throw new AssertionError("call did not complete");
    return Status.OK;
  }

  public Status.Code code() {
    return status().getCode();
  }
}
