package com.astromkey.oci;

import java.util.Locale;
import java.util.Objects;

/** An os/architecture[/variant] triple as used in OCI indexes, e.g. {@code linux/arm64/v8}. */
public record Platform(String os, String architecture, String variant) {

  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);
  public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "v8");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null || variant.isEmpty() ? null : variant;
  }

  /** Parses {@code os/arch[/variant]}; arm64 without variant means v8, as on every arm64 node. */
  public static Platform parse(String value) {
    String[] parts = value == null ? new String[0] : value.trim().split("/");
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("platform must be os/arch[/variant], got '" + value + "'");
    }
    String arch = normaliseArchitecture(parts[1]);
    String variant = parts.length == 3 ? parts[2] : ("arm64".equals(arch) ? "v8" : null);
    return new Platform(parts[0].toLowerCase(Locale.ROOT), arch, variant);
  }

  /** {@code AK_PLATFORM} when set, else this JVM's platform (the provisioner's node labels come first; see its caller). */
  public static Platform fromEnvironment(java.util.Map<String, String> env) {
    String value = env.get("AK_PLATFORM");
    return value == null || value.isBlank() ? ofJvm() : parse(value);
  }

  /** The platform of this JVM, for components that are not told the node's platform. */
  public static Platform ofJvm() {
    return parse("linux/" + System.getProperty("os.arch"));
  }

  static String normaliseArchitecture(String arch) {
    return switch (arch.toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch.toLowerCase(Locale.ROOT);
    };
  }

  /** True for an index entry this node can run: same os and architecture, variant equal or absent. */
  public boolean accepts(String entryOs, String entryArchitecture, String entryVariant) {
    if (!os.equals(entryOs) || !architecture.equals(entryArchitecture)) {
      return false;
    }
    return entryVariant == null || entryVariant.isEmpty() || entryVariant.equals(variant);
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
