package com.astromkey.csi.node;

import com.astromkey.csi.mount.MountException;
import com.astromkey.csi.spec.v1.NodeGetCapabilitiesRequest;
import com.astromkey.csi.spec.v1.NodeGetCapabilitiesResponse;
import com.astromkey.csi.spec.v1.NodeGetInfoRequest;
import com.astromkey.csi.spec.v1.NodeGetInfoResponse;
import com.astromkey.csi.spec.v1.NodeGrpc;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodePublishVolumeResponse;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSI Node service: publish/unpublish of {@code app} and {@code host} volumes, node info, no capabilities. Stage,
 * unstage, stats and expand stay UNIMPLEMENTED through the generated base class (§3).
 */
public final class NodeService extends NodeGrpc.NodeImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  private final String nodeId;
  private final RequestValidator validator;
  private final VolumeLocks locks;
  private final AppVolumePublisher app;
  private final HostVolumePublisher host;
  private final VolumeUnpublisher unpublisher;
  private final NodeMetrics metrics;

  public NodeService(String nodeId, RequestValidator validator, VolumeLocks locks, AppVolumePublisher app, HostVolumePublisher host,
      VolumeUnpublisher unpublisher, NodeMetrics metrics) {
    this.nodeId = nodeId;
    this.validator = validator;
    this.locks = locks;
    this.app = app;
    this.host = host;
    this.unpublisher = unpublisher;
    this.metrics = metrics;
  }

  @Override
  public void nodeGetCapabilities(NodeGetCapabilitiesRequest request, StreamObserver<NodeGetCapabilitiesResponse> out) {
    out.onNext(NodeGetCapabilitiesResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void nodeGetInfo(NodeGetInfoRequest request, StreamObserver<NodeGetInfoResponse> out) {
    out.onNext(NodeGetInfoResponse.newBuilder().setNodeId(nodeId).setMaxVolumesPerNode(0).build());
    out.onCompleted();
  }

  @Override
  @SuppressWarnings("try") // the lock is held for the block's duration, never read
  public void nodePublishVolume(NodePublishVolumeRequest request, StreamObserver<NodePublishVolumeResponse> out) {
    PublishRequest r;
    try {
      r = validator.publish(request);
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    NodeMetrics.Result result = NodeMetrics.Result.ERROR;
    try {
      try (VolumeLocks.Held held = locks.acquire(r.volumeId())) {
        if (r.mode() == VolumeMode.APP) {
          AppVolumePublisher.Outcome outcome = app.publish(r);
          result = outcome == AppVolumePublisher.Outcome.TIMEOUT_EMPTY ? NodeMetrics.Result.TIMEOUT_EMPTY : NodeMetrics.Result.OK;
          if (outcome == AppVolumePublisher.Outcome.MOUNTED) {
            LOG.info("Published app volume {} for pod {}/{} (DynaKube {})", r.volumeId(), r.podNamespace(), r.podName(), r.dynakube());
          }
        } else {
          if (host.publish(r)) {
            LOG.info("Published host volume {} for pod {}/{} (DynaKube {})", r.volumeId(), r.podNamespace(), r.podName(), r.dynakube());
          }
          result = NodeMetrics.Result.OK;
        }
      }
      // answer only once the volume lock is released: a caller unpublishing right after the answer must not get ABORTED
      out.onNext(NodePublishVolumeResponse.getDefaultInstance());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) result = NodeMetrics.Result.UNAVAILABLE;
      if (e.getStatus().getCode() == Status.Code.ABORTED) result = null;
      out.onError(e);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Publishing volume {} at {} failed: {}", r.volumeId(), r.targetPath(), e.getMessage());
      out.onError(internal(e));
    } finally {
      if (result != null) metrics.published(r.mode(), result);
    }
  }

  @Override
  @SuppressWarnings("try") // the lock is held for the block's duration, never read
  public void nodeUnpublishVolume(NodeUnpublishVolumeRequest request, StreamObserver<NodeUnpublishVolumeResponse> out) {
    try {
      validator.unpublish(request);
      Path target = validator.targetPathOf(request);
      try (VolumeLocks.Held held = locks.acquire(request.getVolumeId())) {
        unpublisher.unpublish(request.getVolumeId(), target);
      }
      out.onNext(NodeUnpublishVolumeResponse.getDefaultInstance());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Unpublishing volume {} failed: {}", request.getVolumeId(), e.getMessage());
      out.onError(internal(e));
    }
  }

  private static StatusRuntimeException internal(Exception e) {
    String what = e instanceof MountException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return Status.INTERNAL.withDescription(what).asRuntimeException();
  }
}
