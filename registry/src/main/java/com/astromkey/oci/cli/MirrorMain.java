package com.astromkey.oci.cli;

import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.mirror.ImageMirror;
import com.astromkey.oci.mirror.MirrorProgress;
import com.astromkey.oci.mirror.MirrorReport;
import com.astromkey.oci.mirror.ReleaseSet;
import com.astromkey.oci.mirror.VerificationFailedException;
import com.astromkey.oci.transport.NativeTls;
import com.astromkey.oci.verify.PublicKeys;
import com.astromkey.oci.verify.TrustedKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Entry point of {@code astromkey-operator mirror}: copies one image or a whole release, one JSON report line each. */
public final class MirrorMain {

  public static final int OK = 0;
  public static final int COPY_ERROR = 1;
  public static final int USAGE = 2;
  public static final int VERIFICATION_FAILED = 3;

  /** Images copied at once; each copies up to {@code --jobs} blobs in parallel. */
  static final int PARALLEL_IMAGES = 3;

  private MirrorMain() {
  }

  /** Reports go to {@code out}; progress and errors to {@code err}, redrawn in place only when a console is attached. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err, System.console() != null);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("help"))) {
      out.println(MirrorConfig.USAGE);
      return OK;
    }
    MirrorConfig config;
    try {
      config = MirrorConfig.parse(args, env);
    } catch (CliArgs.UsageException e) {
      err.println("mirror: " + e.getMessage());
      err.println(MirrorConfig.USAGE);
      return USAGE;
    }
    if (config.registry().nativeTls()) {
      NativeTls.preload();
    }
    ImageMirror mirror;
    RegistryClient source = null;
    RegistryClient destination = null;
    try {
      List<TrustedKey> keys = new ArrayList<>();
      for (Path file : config.verifyKeys()) {
        keys.addAll(PublicKeys.parse(Files.readString(file), file.getFileName().toString()));
      }
      source = config.registry().client(config.sourceCredentials(), config.explicitSourceCredentials());
      // one client when both sides use the same files: one TLS context, one connection pool and one token cache
      destination = config.sourceCredentials().equals(config.destinationCredentials())
          && config.explicitSourceCredentials() == config.explicitDestinationCredentials()
          ? source
          : config.registry().client(config.destinationCredentials(), config.explicitDestinationCredentials());
      mirror = new ImageMirror(source, destination, new ImageMirror.Options(config.signatures(), config.referrers(),
          config.jobs(), config.dryRun(), keys), MirrorProgress.forStream(err, terminal));
    } catch (IOException | PublicKeys.InvalidPublicKeyException e) {
      err.println("mirror: " + e.getMessage());
      close(source, destination);
      return COPY_ERROR;
    }
    try {
      List<ReleaseSet.Pair> pairs = pairs(config, source);
      for (ReleaseSet.Pair pair : pairs) {
        mirror.requireVerified(pair.source());
      }
      mirrorAll(mirror, pairs, out);
      return OK;
    } catch (VerificationFailedException e) {
      err.println("mirror: verification failed, nothing copied: " + e.getMessage());
      return VERIFICATION_FAILED;
    } catch (RegistryException e) {
      err.println("mirror: " + e.getMessage());
      return COPY_ERROR;
    } finally {
      close(source, destination);
    }
  }

  /** Our own clients only; their selector threads would otherwise hold up the JVM's exit (docs/performance.md). */
  private static void close(RegistryClient source, RegistryClient destination) {
    if (source != null) {
      source.close();
    }
    if (destination != null && destination != source) {
      destination.close();
    }
  }

  /**
   * Up to {@link #PARALLEL_IMAGES} images at a time (a release has five, mostly small, so one image's round trips overlap
   * another's transfer); the reports keep the order of {@code pairs}. Daemon threads and {@code shutdownNow}: nothing may
   * outlive the run and hold up the process exit.
   */
  private static void mirrorAll(ImageMirror mirror, List<ReleaseSet.Pair> pairs, PrintStream out)
      throws RegistryException, VerificationFailedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_IMAGES, pairs.size()), r -> {
      Thread t = new Thread(r, "mirror-image");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<MirrorReport>> reports = new ArrayList<>();
      for (ReleaseSet.Pair pair : pairs) {
        reports.add(pool.submit(() -> mirror.mirror(pair.source(), pair.destination())));
      }
      for (Future<MirrorReport> report : reports) {
        out.println(report.get().toJson());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RegistryException r) {
        throw r;
      }
      if (e.getCause() instanceof VerificationFailedException v) {
        throw v;
      }
      throw new RegistryException(RegistryException.Reason.CONNECTION, "mirror failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(RegistryException.Reason.CONNECTION, "mirror interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<ReleaseSet.Pair> pairs(MirrorConfig config, RegistryClient source) throws RegistryException {
    if (config.release() == null) {
      return List.of(new ReleaseSet.Pair(config.source(), config.destination()));
    }
    String agentVersion = config.agentVersion() != null ? config.agentVersion()
        : ReleaseSet.agentVersion(source, ReleaseSet.chart(config.release(), config.sourcePrefix()));
    return ReleaseSet.pairs(config.release(), agentVersion, config.sourcePrefix(), config.destinationPrefix());
  }
}
