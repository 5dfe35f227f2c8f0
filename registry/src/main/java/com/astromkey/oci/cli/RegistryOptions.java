package com.astromkey.oci.cli;

import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.SecretStatus;
import com.astromkey.oci.transport.TrustConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry options shared by the CLI modes: docker {@code config.json} credential files (only {@code auths}), extra CA
 * files, {@code --insecure-skip-tls-verify}, {@code --plain-http} hosts and {@code --jdk-tls} (the JDK's TLS instead of
 * BoringSSL, docs/adr/0007); builds the client for them.
 */
record RegistryOptions(List<Path> caFiles, boolean insecureSkipTlsVerify, Set<String> plainHttpHosts, String userAgent,
    boolean nativeTls) {

  static final Set<String> VALUE_OPTIONS = Set.of("ca-file", "plain-http");
  static final Set<String> FLAGS = Set.of("insecure-skip-tls-verify", "jdk-tls");

  static RegistryOptions from(CliArgs args, String mode) {
    return new RegistryOptions(args.all("ca-file").stream().map(Path::of).toList(), args.has("insecure-skip-tls-verify"),
        new LinkedHashSet<>(args.all("plain-http")), "astromkey-operator (" + mode + ")", !args.has("jdk-tls"));
  }

  /** The given files in order, else the default docker config ({@code $DOCKER_CONFIG}, then {@code ~/.docker}). */
  static List<Path> credentialFiles(List<String> explicit, Map<String, String> env) {
    List<Path> files = new ArrayList<>();
    explicit.forEach(f -> files.add(Path.of(f)));
    if (files.isEmpty()) {
      files.add(Keychain.defaultDockerConfigFile(env));
    }
    return files;
  }

  /** A client for these options and credential files; an unreadable CA file or credential file fails here. */
  RegistryClient client(List<Path> credentialFiles, boolean explicitCredentials) throws IOException {
    Keychain keychain = Keychain.fromDockerConfigFiles(credentialFiles);
    for (SecretStatus status : keychain.statuses()) {
      // a missing default file just means anonymous access; a named file must be usable
      if (explicitCredentials && status.state() != SecretStatus.State.USABLE) {
        throw new IOException("credentials file " + status.describe());
      }
    }
    TrustConfig trust = insecureSkipTlsVerify ? TrustConfig.insecure() : TrustConfig.systemDefaults();
    for (Path ca : caFiles) {
      try {
        trust = trust.plusPem(Files.readString(ca));
      } catch (IllegalArgumentException e) {
        throw new IOException("CA file " + ca + ": " + e.getMessage());
      }
    }
    return RegistryClient.builder().keychain(keychain).trust(trust).plainHttpHosts(plainHttpHosts).userAgent(userAgent)
        .nativeTls(nativeTls).build();
  }
}
