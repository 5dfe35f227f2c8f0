package com.astromkey.csi.registrar;

import com.astromkey.csi.CsiDriverNames;
import com.astromkey.csi.spec.pluginregistration.InfoRequest;
import com.astromkey.csi.spec.pluginregistration.PluginInfo;
import com.astromkey.csi.spec.pluginregistration.RegistrationGrpc;
import com.astromkey.csi.spec.pluginregistration.RegistrationStatus;
import com.astromkey.csi.spec.pluginregistration.RegistrationStatusResponse;
import com.astromkey.domain.names.ObjectNames;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kubelet plugin-registration service: tells the kubelet where the CSI socket is and hears whether it registered. */
public final class RegistrationService extends RegistrationGrpc.RegistrationImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationService.class);

  private final String registrationPath;
  private final Consumer<String> onRejected;

  /** @param registrationPath the CSI socket as the kubelet sees it on the host */
  public RegistrationService(String registrationPath, Consumer<String> onRejected) {
    this.registrationPath = registrationPath;
    this.onRejected = onRejected;
  }

  @Override
  public void getInfo(InfoRequest request, StreamObserver<PluginInfo> out) {
    out.onNext(PluginInfo.newBuilder()
        .setType(CsiDriverNames.PLUGIN_TYPE_CSI)
        .setName(ObjectNames.CSI_DRIVER)
        .setEndpoint(registrationPath)
        .addSupportedVersions(CsiDriverNames.SUPPORTED_CSI_VERSION)
        .build());
    out.onCompleted();
  }

  @Override
  public void notifyRegistrationStatus(RegistrationStatus status, StreamObserver<RegistrationStatusResponse> out) {
    out.onNext(RegistrationStatusResponse.getDefaultInstance());
    out.onCompleted();
    if (status.getPluginRegistered()) {
      LOG.info("The kubelet registered CSI driver {}", ObjectNames.CSI_DRIVER);
    } else {
      LOG.error("The kubelet rejected CSI driver {}: {}", ObjectNames.CSI_DRIVER, status.getError());
      onRejected.accept(status.getError());
    }
  }
}
