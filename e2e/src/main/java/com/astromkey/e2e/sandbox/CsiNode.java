package com.astromkey.e2e.sandbox;

import com.astromkey.csi.grpc.UnixSocketChannel;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.mount.Mounter;
import com.astromkey.csi.spec.v1.NodeGrpc;
import com.astromkey.csi.spec.v1.NodePublishVolumeRequest;
import com.astromkey.csi.spec.v1.NodeUnpublishVolumeRequest;
import com.astromkey.csi.spec.v1.VolumeCapability;
import com.astromkey.domain.names.CsiVolumeAttributes;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's side of the CSI socket for inline ephemeral volumes: {@code NodePublishVolume} with the pod's volume
 * attributes and pod info, retried on {@code UNAVAILABLE} as the kubelet does; everything published is unpublished on close.
 */
public final class CsiNode implements AutoCloseable {
  private final UnixSocketChannel channel;
  private final Path kubeletDir;
  private final Path dataDir;
  private final CodeModuleCache cache;
  private final Mounter mounter;
  private final List<NodeUnpublishVolumeRequest> published = new ArrayList<>();

  CsiNode(Path socket, Path kubeletDir, Path dataDir, CodeModuleCache cache, Mounter mounter) {
    this.channel = new UnixSocketChannel(socket);
    this.kubeletDir = kubeletDir;
    this.dataDir = dataDir;
    this.cache = cache;
    this.mounter = mounter;
  }

  /** What a publish produced: the target path the init container sees as {@code /mnt/bin}, and the volume id. */
  public record Publication(String volumeId, Path target) {}

  /** Publishes the pod's CSI volume {@code name}; a pod must have been created (it has a uid). */
  public Publication publish(Pod pod, String name, Duration patience) throws InterruptedException {
    NodePublishVolumeRequest request = request(pod, name);
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        node().nodePublishVolume(request);
        break;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
    return remember(request);
  }

  /**
   * One {@code NodePublishVolume} call without the kubelet's retries, so that a scenario sees the driver's first answer
   * (a {@link StatusRuntimeException} such as {@code UNAVAILABLE}); a successful call is unpublished on close.
   */
  public Publication publishOnce(Pod pod, String name) {
    NodePublishVolumeRequest request = request(pod, name);
    node().nodePublishVolume(request);
    return remember(request);
  }

  /** As {@link #publishOnce} but answering the gRPC status code instead of throwing it. */
  public Status.Code publishStatus(Pod pod, String name) {
    try {
      publishOnce(pod, name);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private Publication remember(NodePublishVolumeRequest request) {
    synchronized (published) {
      published.add(NodeUnpublishVolumeRequest.newBuilder().setVolumeId(request.getVolumeId())
          .setTargetPath(request.getTargetPath()).build());
    }
    return new Publication(request.getVolumeId(), Path.of(request.getTargetPath()));
  }

  private NodePublishVolumeRequest request(Pod pod, String name) {
    Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name) && v.getCsi() != null)
        .findFirst().orElseThrow(() -> new IllegalArgumentException("pod has no CSI volume " + name));
    if (!ObjectNames.CSI_DRIVER.equals(volume.getCsi().getDriver())) {
      throw new IllegalArgumentException("volume " + name + " belongs to driver " + volume.getCsi().getDriver());
    }
    String uid = pod.getMetadata().getUid();
    String volumeId = "csi-" + sha256(uid + "/" + name).substring(0, 32);
    Path target = kubeletDir.resolve("pods").resolve(uid).resolve("volumes/kubernetes.io~csi").resolve(name).resolve("mount");
    NodePublishVolumeRequest.Builder request = NodePublishVolumeRequest.newBuilder()
        .setVolumeId(volumeId)
        .setTargetPath(target.toString())
        .setReadonly(Boolean.TRUE.equals(volume.getCsi().getReadOnly()))
        .setVolumeCapability(VolumeCapability.newBuilder().setMount(VolumeCapability.MountVolume.getDefaultInstance()))
        .putVolumeContext(CsiVolumeAttributes.EPHEMERAL, "true")
        .putVolumeContext(CsiVolumeAttributes.POD_NAME, pod.getMetadata().getName())
        .putVolumeContext(CsiVolumeAttributes.POD_NAMESPACE, pod.getMetadata().getNamespace())
        .putVolumeContext("csi.storage.k8s.io/pod.uid", uid);
    Map<String, String> attributes = volume.getCsi().getVolumeAttributes();
    if (attributes != null) {
      request.putAllVolumeContext(attributes);
    }
    return request.build();
  }

  public NodeGrpc.NodeBlockingStub node() {
    return NodeGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public CodeModuleCache cache() {
    return cache;
  }

  public Mounter mounter() {
    return mounter;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path kubeletDir() {
    return kubeletDir;
  }

  /** The kubelet's unpublish when the pod is gone; also forgotten for {@link #close()}. */
  public void unpublish(Publication publication) {
    NodeUnpublishVolumeRequest request = NodeUnpublishVolumeRequest.newBuilder().setVolumeId(publication.volumeId())
        .setTargetPath(publication.target().toString()).build();
    node().nodeUnpublishVolume(request);
    synchronized (published) {
      published.remove(request);
    }
  }

  @Override
  public void close() {
    synchronized (published) {
      for (NodeUnpublishVolumeRequest request : published) {
        try {
          node().nodeUnpublishVolume(request);
        } catch (StatusRuntimeException e) {
          System.err.println("unpublishing " + request.getVolumeId() + " failed: " + e.getStatus());
        }
      }
      published.clear();
    }
    channel.close();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
