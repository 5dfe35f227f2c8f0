package com.astromkey.csi.testing;

import com.astromkey.csi.grpc.UnixSocketChannel;
import com.astromkey.csi.spec.v1.IdentityGrpc;
import com.astromkey.csi.spec.v1.NodeGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The kubelet's side of the CSI socket in tests: generated stubs plus raw calls to methods we do not define. */
public final class CsiClient implements AutoCloseable {
  private final UnixSocketChannel channel;

  public CsiClient(Path socket) {
    this.channel = new UnixSocketChannel(socket);
  }

  public IdentityGrpc.IdentityBlockingStub identity() {
    return IdentityGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  public NodeGrpc.NodeBlockingStub node() {
    return NodeGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Status of a call; OK when it returned. */
  public static Status.Code code(Supplier<?> call) {
    try {
      call.get();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  /** Calls any unary method by full name with an empty message, e.g. a Controller method that has no service. */
  public Status.Code callRaw(String fullMethodName) {
    MethodDescriptor<byte[], byte[]> m = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullMethodName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    return code(() -> ClientCalls.blockingUnaryCall(channel.channel(), m, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
        new byte[0]));
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  @Override
  public void close() {
    channel.close();
  }
}
