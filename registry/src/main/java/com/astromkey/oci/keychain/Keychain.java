package com.astromkey.oci.keychain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Credentials from an ordered list of pull secrets or docker config files, and the candidates for one image in the order
 * of registry.md §3 (longest path prefix, then secret order, then key order). Build a new one per operation so a rotated
 * secret is used on the next pull.
 */
public final class Keychain {

  private static final Keychain ANONYMOUS = new Keychain(List.of(), List.of());

  private final List<KeychainEntry> entries;
  private final List<SecretStatus> statuses;

  private Keychain(List<KeychainEntry> entries, List<SecretStatus> statuses) {
    this.entries = List.copyOf(entries);
    this.statuses = List.copyOf(statuses);
  }

  public static Keychain anonymous() {
    return ANONYMOUS;
  }

  /** Reads secrets in the given order; missing and unusable ones are skipped and reported by {@link #statuses()}. */
  public static Keychain fromPullSecrets(List<PullSecret> secrets) {
    List<KeychainEntry> entries = new ArrayList<>();
    List<SecretStatus> statuses = new ArrayList<>();
    for (PullSecret secret : secrets) {
      if (!secret.exists()) {
        statuses.add(SecretStatus.missing(secret.name()));
        continue;
      }
      try {
        List<KeychainEntry> parsed = DockerConfigParser.parseSecret(secret);
        entries.addAll(parsed);
        statuses.add(SecretStatus.usable(secret.name(), parsed.stream().map(KeychainEntry::rawKey).toList()));
      } catch (UnusableSecretException e) {
        statuses.add(SecretStatus.unusable(secret.name(), e.getMessage()));
      }
    }
    return new Keychain(entries, statuses);
  }

  /** Reads docker CLI config files ({@code auths} only) in order; an absent file is reported as missing. */
  public static Keychain fromDockerConfigFiles(List<Path> files) {
    List<KeychainEntry> entries = new ArrayList<>();
    List<SecretStatus> statuses = new ArrayList<>();
    for (Path file : files) {
      String name = file.toString();
      try {
        List<KeychainEntry> parsed = DockerConfigParser.parse(Files.readAllBytes(file), "file " + name, name);
        entries.addAll(parsed);
        statuses.add(SecretStatus.usable(name, parsed.stream().map(KeychainEntry::rawKey).toList()));
      } catch (NoSuchFileException e) {
        statuses.add(SecretStatus.missing(name));
      } catch (IOException e) {
        statuses.add(SecretStatus.unusable(name, "cannot read: " + e.getMessage()));
      } catch (UnusableSecretException e) {
        statuses.add(SecretStatus.unusable(name, e.getMessage()));
      }
    }
    return new Keychain(entries, statuses);
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json} (CLI modes). */
  public static Path defaultDockerConfigFile(Map<String, String> environment) {
    String dir = environment.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "config.json");
    }
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  /** Keychain entries covering the image, best first; an empty list means anonymous access only. */
  public List<KeychainEntry> candidates(String imageDomain, String imagePath) {
    return entries.stream()
        .filter(e -> e.key().matches(imageDomain, imagePath))
        .sorted(Comparator.comparingInt((KeychainEntry e) -> e.key().pathComponents()).reversed())
        .toList();
  }

  public List<SecretStatus> statuses() {
    return statuses;
  }

  /** Like {@link #fromPullSecrets} for one secret that must be usable: the wrong type becomes a clear error. */
  public static Keychain requireUsable(PullSecret secret) throws UnusableSecretException {
    if (!secret.exists()) {
      throw new UnusableSecretException("secret " + secret.name() + " is missing");
    }
    try {
      return new Keychain(DockerConfigParser.parseSecret(secret),
          List.of(SecretStatus.usable(secret.name(), List.of())));
    } catch (UnusableSecretException e) {
      throw new UnusableSecretException("secret " + secret.name() + " is unusable: " + e.getMessage());
    }
  }
}
