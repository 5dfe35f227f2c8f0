package com.astromkey.csi.node;

import com.astromkey.csi.spec.v1.GetPluginCapabilitiesRequest;
import com.astromkey.csi.spec.v1.GetPluginCapabilitiesResponse;
import com.astromkey.csi.spec.v1.GetPluginInfoRequest;
import com.astromkey.csi.spec.v1.GetPluginInfoResponse;
import com.astromkey.csi.spec.v1.IdentityGrpc;
import com.astromkey.csi.spec.v1.ProbeRequest;
import com.astromkey.csi.spec.v1.ProbeResponse;
import com.astromkey.domain.names.ObjectNames;
import com.google.protobuf.BoolValue;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/** CSI Identity service: name and version, no plugin capabilities (no controller), readiness probe (§3). */
public final class IdentityService extends IdentityGrpc.IdentityImplBase {
  private final String vendorVersion;
  private final Readiness readiness;

  public IdentityService(String vendorVersion, Readiness readiness) {
    this.vendorVersion = vendorVersion;
    this.readiness = readiness;
  }

  @Override
  public void getPluginInfo(GetPluginInfoRequest request, StreamObserver<GetPluginInfoResponse> out) {
    out.onNext(GetPluginInfoResponse.newBuilder().setName(ObjectNames.CSI_DRIVER).setVendorVersion(vendorVersion).build());
    out.onCompleted();
  }

  @Override
  public void getPluginCapabilities(GetPluginCapabilitiesRequest request, StreamObserver<GetPluginCapabilitiesResponse> out) {
    out.onNext(GetPluginCapabilitiesResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void probe(ProbeRequest request, StreamObserver<ProbeResponse> out) {
    Optional<String> problem = readiness.problem();
    if (problem.isPresent()) {
      out.onError(Status.FAILED_PRECONDITION.withDescription(problem.get()).asRuntimeException());
      return;
    }
    out.onNext(ProbeResponse.newBuilder().setReady(BoolValue.of(true)).build());
    out.onCompleted();
  }
}
