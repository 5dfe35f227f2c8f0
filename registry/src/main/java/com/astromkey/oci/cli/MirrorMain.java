package com.astromkey.oci.cli;

import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.mirror.ImageMirror;
import com.astromkey.oci.mirror.MirrorProgress;
import com.astromkey.oci.mirror.MirrorReport;
import com.astromkey.oci.mirror.ReleaseSet;
import com.astromkey.oci.mirror.VerificationFailedException;
import com.astromkey.oci.verify.PublicKeys;
import com.astromkey.oci.verify.TrustedKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Entry point of {@code astromkey-operator mirror}: copies one image or a whole release, one JSON report line each. */
public final class MirrorMain {

  public static final int OK = 0;
  public static final int COPY_ERROR = 1;
  public static final int USAGE = 2;
  public static final int VERIFICATION_FAILED = 3;

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
    ImageMirror mirror;
    RegistryClient source;
    try {
      List<TrustedKey> keys = new ArrayList<>();
      for (Path file : config.verifyKeys()) {
        keys.addAll(PublicKeys.parse(Files.readString(file), file.getFileName().toString()));
      }
      source = config.registry().client(config.sourceCredentials(), config.explicitSourceCredentials());
      RegistryClient destination = config.registry().client(config.destinationCredentials(),
          config.explicitDestinationCredentials());
      mirror = new ImageMirror(source, destination, new ImageMirror.Options(config.signatures(), config.referrers(),
          config.jobs(), config.dryRun(), keys), MirrorProgress.forStream(err, terminal));
    } catch (IOException | PublicKeys.InvalidPublicKeyException e) {
      err.println("mirror: " + e.getMessage());
      return COPY_ERROR;
    }
    try {
      List<ReleaseSet.Pair> pairs = pairs(config, source);
      for (ReleaseSet.Pair pair : pairs) {
        mirror.requireVerified(pair.source());
      }
      for (ReleaseSet.Pair pair : pairs) {
        MirrorReport report = mirror.mirror(pair.source(), pair.destination());
        out.println(report.toJson());
      }
      return OK;
    } catch (VerificationFailedException e) {
      err.println("mirror: verification failed, nothing copied: " + e.getMessage());
      return VERIFICATION_FAILED;
    } catch (RegistryException e) {
      err.println("mirror: " + e.getMessage());
      return COPY_ERROR;
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
