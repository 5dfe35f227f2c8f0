package com.astromkey.oci.cli;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.domain.names.ReleaseArtifacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed configuration of {@code mirror} mode (registry.md §11), built from the command line and the environment. */
record MirrorConfig(ImageReference source, ImageReference destination, String release, String agentVersion,
    String sourcePrefix, String destinationPrefix, List<Path> sourceCredentials, boolean explicitSourceCredentials,
    List<Path> destinationCredentials, boolean explicitDestinationCredentials, List<Path> verifyKeys, boolean signatures,
    boolean referrers, int jobs, boolean dryRun, RegistryOptions registry) {

  static final String USAGE = """
      usage: astromkey-operator mirror (--src <ref> --dst <repo|ref> | --release <version> [--agent-version <x.y.z>]
                                        [--src-prefix <registry>/<prefix>] --dst <registry>/<prefix>)
                                       [--src-creds <file>] [--dst-creds <file>] [--creds <file>] [--ca-file <pem>]...
                                       [--insecure-skip-tls-verify] [--jdk-tls] [--plain-http <host>]... [--verify-key <pem>]...
                                       [--no-signatures] [--no-referrers] [--jobs 4] [--dry-run]
      --src-prefix defaults to $AK_MIRROR_SRC_PREFIX, else %s
      exit codes: 0 success, 1 copy error, 2 usage error, 3 verification failed""".formatted(ReleaseArtifacts.PUBLIC_PREFIX);

  /** Lets test and staging setups point {@code --release} at another source without changing every command line. */
  static final String SOURCE_PREFIX_ENV = "AK_MIRROR_SRC_PREFIX";

  private static final Set<String> VALUES = VerifyConfig.union(RegistryOptions.VALUE_OPTIONS, Set.of("src", "dst",
      "release", "agent-version", "src-prefix", "src-creds", "dst-creds", "creds", "verify-key", "jobs"));
  private static final Set<String> FLAGS = VerifyConfig.union(RegistryOptions.FLAGS,
      Set.of("no-signatures", "no-referrers", "dry-run"));

  static MirrorConfig parse(String[] args, Map<String, String> env) throws CliArgs.UsageException {
    CliArgs a = CliArgs.parse(args, VALUES, FLAGS);
    String dst = a.required("dst");
    String release = a.single("release").orElse(null);
    ImageReference source = null;
    ImageReference destination = null;
    String sourcePrefix = a.single("src-prefix").orElse(env.getOrDefault(SOURCE_PREFIX_ENV, ReleaseArtifacts.PUBLIC_PREFIX));
    if (release == null) {
      if (a.has("agent-version") || a.has("src-prefix")) {
        throw new CliArgs.UsageException("--agent-version and --src-prefix need --release");
      }
      source = reference("--src", a.required("src"));
      destination = destination(reference("--dst", dst), dst, source);
    } else {
      if (a.has("src")) {
        throw new CliArgs.UsageException("--src and --release exclude each other");
      }
      if (!release.matches("[0-9A-Za-z][0-9A-Za-z._-]*")) {
        throw new CliArgs.UsageException("--release must be a version such as 1.2.3");
      }
      reference("--dst", dst + "/x");
      reference("--src-prefix", sourcePrefix + "/x");
    }
    int jobs;
    try {
      jobs = Integer.parseInt(a.single("jobs").orElse("4"));
    } catch (NumberFormatException e) {
      jobs = 0;
    }
    if (jobs < 1 || jobs > 64) {
      throw new CliArgs.UsageException("--jobs must be a number from 1 to 64");
    }
    List<String> shared = a.all("creds");
    return new MirrorConfig(source, destination, release, a.single("agent-version").orElse(null), sourcePrefix, dst,
        credentials(a.all("src-creds"), shared, env), a.has("src-creds") || !shared.isEmpty(),
        credentials(a.all("dst-creds"), shared, env), a.has("dst-creds") || !shared.isEmpty(),
        a.all("verify-key").stream().map(Path::of).toList(), !a.has("no-signatures"), !a.has("no-referrers"), jobs,
        a.has("dry-run"), RegistryOptions.from(a, "mirror"));
  }

  /** A destination without tag or digest takes the source tag (§11); the parser would have defaulted it to latest. */
  static ImageReference destination(ImageReference parsed, String text, ImageReference source) {
    int slash = text.lastIndexOf('/');
    boolean named = text.indexOf('@') >= 0 || text.indexOf(':', slash + 1) >= 0;
    if (named) {
      return parsed;
    }
    return source.tag() != null ? parsed.withTag(source.tag()) : parsed.withDigest(source.digest()).withTag(null);
  }

  private static List<Path> credentials(List<String> specific, List<String> shared, Map<String, String> env) {
    List<String> files = new ArrayList<>(specific);
    files.addAll(shared);
    return RegistryOptions.credentialFiles(files, env);
  }

  private static ImageReference reference(String option, String text) throws CliArgs.UsageException {
    try {
      return ImageReference.parse(text);
    } catch (ImageReferenceException e) {
      throw new CliArgs.UsageException(option + ": " + e.getMessage());
    }
  }
}
