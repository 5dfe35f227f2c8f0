package com.astromkey.csi.server;

import com.astromkey.csi.CsiVersion;
import com.astromkey.csi.grpc.UnixSocketServer;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.InstalledCodeModules;
import com.astromkey.csi.mount.MountEntry;
import com.astromkey.csi.mount.Mounter;
import com.astromkey.csi.node.AppVolumePublisher;
import com.astromkey.csi.node.ConcurrencyLimitInterceptor;
import com.astromkey.csi.node.HostVolumePublisher;
import com.astromkey.csi.node.IdentityService;
import com.astromkey.csi.node.NodeMetrics;
import com.astromkey.csi.node.NodeService;
import com.astromkey.csi.node.PodEvents;
import com.astromkey.csi.node.Readiness;
import com.astromkey.csi.node.RequestValidator;
import com.astromkey.csi.node.VolumeLocks;
import com.astromkey.csi.node.VolumeUnpublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CSI server wired together: Identity and Node services behind the concurrency limit on the CSI socket. */
public final class CsiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CsiServer.class);

  /** The parts that differ between production, ITs and unit tests. */
  public record Parts(Mounter mounter, InstalledCodeModules installed, PodEvents events, Clock clock, MeterRegistry registry,
      VolumeUnpublisher.Sleeper sleeper) {}

  private final UnixSocketServer server;
  private final Readiness readiness;

  private CsiServer(UnixSocketServer server, Readiness readiness) {
    this.server = server;
    this.readiness = readiness;
  }

  /** Runs the start-up checks, then serves; publishes of volumes mounted before a restart succeed idempotently. */
  public static CsiServer start(CsiServerConfig config, Parts parts) throws IOException {
    DataLayout layout = new DataLayout(config.dataDir());
    Readiness readiness = new Readiness(layout.root());
    try {
      layout.ensure();
      int ours = countAppMounts(parts.mounter(), layout);
      readiness.startupPassed();
      LOG.info("CSI server start-up checks passed; {} app volumes mounted", ours);
    } catch (IOException e) {
      readiness.startupFailed("start-up checks failed: " + e.getMessage());
      LOG.error("CSI server start-up checks failed: {}", e.getMessage());
    }
    NodeMetrics metrics = new NodeMetrics(parts.registry());
    ConcurrencyLimitInterceptor limit = new ConcurrencyLimitInterceptor(config.maxGrpcRequests());
    Gauge.builder("astromkey.csi.grpc.inflight", limit, ConcurrencyLimitInterceptor::inFlight).register(parts.registry());
    Gauge.builder("astromkey.csi.app.mounts", () -> {
      try {
        return countAppMounts(parts.mounter(), layout);
      } catch (IOException e) {
        return Double.NaN;
      }
    }).register(parts.registry());
    NodeService node = new NodeService(config.nodeId(), new RequestValidator(config.kubeletDir()), new VolumeLocks(),
        new AppVolumePublisher(layout, parts.installed(), parts.mounter(), parts.events(), parts.clock(), config.nodeId()),
        new HostVolumePublisher(layout, parts.mounter()),
        new VolumeUnpublisher(layout, parts.mounter(), parts.sleeper()),
        metrics);
    UnixSocketServer server = UnixSocketServer.start(config.csiSocket(),
        List.of(new IdentityService(CsiVersion.VERSION, readiness), node), List.of(limit));
    LOG.info("CSI server listening on {}", config.csiSocket());
    return new CsiServer(server, readiness);
  }

  private static int countAppMounts(Mounter mounter, DataLayout layout) throws IOException {
    int n = 0;
    for (MountEntry e : mounter.mounts().entries()) {
      if (e.upperDir().map(u -> u.startsWith(layout.appmounts())).orElse(false)) n++;
    }
    return n;
  }

  public Readiness readiness() {
    return readiness;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.close();
  }
}
