package com.astromkey.tenant;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import java.util.List;
import java.util.Objects;

/**
 * Which code-modules zip to download (tenant-api.md §2 #6, #7).
 *
 * @param version a full agent version, or {@code null} for the latest one (#7)
 * @param includes technologies to include; empty means {@code include=all}
 */
public record ZipRequest(String version, CodeModulesFlavor flavor, Arch arch, List<String> includes) {

  public ZipRequest {
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(arch, "arch");
    if (version != null && (version.isBlank() || version.equals("latest"))) {
      version = null;
    }
    if (version != null && (version.contains("/") || version.contains(".."))) {
      throw new IllegalArgumentException("version '" + version + "' is not a version");
    }
    includes = includes == null ? List.of() : List.copyOf(includes);
  }

  public static ZipRequest latest(CodeModulesFlavor flavor, Arch arch) {
    return new ZipRequest(null, flavor, arch, List.of());
  }

  public static ZipRequest version(String version, CodeModulesFlavor flavor, Arch arch) {
    return new ZipRequest(Objects.requireNonNull(version, "version"), flavor, arch, List.of());
  }

  public ZipRequest withIncludes(List<String> technologies) {
    return new ZipRequest(version, flavor, arch, technologies);
  }

  public boolean isLatest() {
    return version == null;
  }
}
