package com.astromkey.oci.cli;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.oci.Platform;
import com.astromkey.oci.verify.SignatureFormat;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed configuration of {@code verify} mode (registry.md §12), built from the command line and the environment. */
record VerifyConfig(ImageReference image, List<Path> keyFiles, boolean json, Set<SignatureFormat> formats,
    Platform platform, List<Path> credentialFiles, boolean explicitCredentials, RegistryOptions registry) {

  static final String USAGE = """
      usage: astromkey-operator verify --image <ref> --key <pem>... [--output human|json] [--format legacy|bundle|any]
                                       [--platform <os/arch>] [--creds <docker config.json>] [--ca-file <pem>]...
                                       [--insecure-skip-tls-verify] [--jdk-tls] [--plain-http <host>]...
      exit codes: 0 verified, 3 signature missing or invalid, 1 verification error, 2 usage error""";

  private static final Set<String> VALUES = union(RegistryOptions.VALUE_OPTIONS,
      Set.of("image", "key", "output", "format", "platform", "creds", "docker-config"));
  private static final Set<String> FLAGS = union(RegistryOptions.FLAGS, Set.of("json"));

  static VerifyConfig parse(String[] args, Map<String, String> env) throws CliArgs.UsageException {
    CliArgs a = CliArgs.parse(args, VALUES, FLAGS);
    ImageReference image;
    try {
      image = ImageReference.parse(a.required("image"));
    } catch (ImageReferenceException e) {
      throw new CliArgs.UsageException("--image: " + e.getMessage());
    }
    if (a.all("key").isEmpty()) {
      throw new CliArgs.UsageException("at least one --key is required");
    }
    String output = a.single("output").orElse(a.has("json") ? "json" : "human");
    if (!output.equals("human") && !output.equals("json")) {
      throw new CliArgs.UsageException("--output must be human or json");
    }
    Set<SignatureFormat> formats = switch (a.single("format").orElse("any")) {
      case "any" -> EnumSet.allOf(SignatureFormat.class);
      case "legacy" -> EnumSet.of(SignatureFormat.LEGACY);
      case "bundle" -> EnumSet.of(SignatureFormat.BUNDLE);
      default -> throw new CliArgs.UsageException("--format must be legacy, bundle or any");
    };
    Platform platform = null;
    if (a.has("platform")) {
      try {
        platform = Platform.parse(a.required("platform"));
      } catch (IllegalArgumentException e) {
        throw new CliArgs.UsageException("--platform: " + e.getMessage());
      }
    }
    // --docker-config is the name other tools use for the same file
    List<String> creds = new java.util.ArrayList<>(a.all("creds"));
    creds.addAll(a.all("docker-config"));
    return new VerifyConfig(image, a.all("key").stream().map(Path::of).toList(), output.equals("json"), formats, platform,
        RegistryOptions.credentialFiles(creds, env), !creds.isEmpty(), RegistryOptions.from(a, "verify"));
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
