package com.astromkey.sandbox.images;

/** An index entry's platform; {@code variant} may be null. */
public record ImagePlatform(String os, String architecture, String variant) {

  public static final ImagePlatform LINUX_AMD64 = new ImagePlatform("linux", "amd64", null);
  public static final ImagePlatform LINUX_ARM64 = new ImagePlatform("linux", "arm64", null);
  public static final ImagePlatform LINUX_ARM64_V8 = new ImagePlatform("linux", "arm64", "v8");
  /** What BuildKit puts on attestation manifests. */
  public static final ImagePlatform UNKNOWN = new ImagePlatform("unknown", "unknown", null);

  /** The content of the {@code agent/arch} marker file of test images ({@code x86_64}, {@code aarch64}). */
  public String unameMachine() {
    return switch (architecture) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      default -> architecture;
    };
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
