package com.astromkey.csi.provisioner;

import com.astromkey.domain.codemodules.CodeModulesFlavor;
import com.astromkey.csi.layout.CacheKeys;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.CodeModuleOrigin;
import com.astromkey.oci.Platform;
import com.astromkey.tenant.Arch;
import com.astromkey.tenant.DownloadResult;
import com.astromkey.tenant.TenantClient;
import com.astromkey.tenant.ZipRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The zip installer of csi-driver.md §6.2: the tenant's multidistro code-modules zip of {@code status.codeModules.version}
 * for the node architecture, streamed to {@code work/<uuid>.zip}, extracted safely, installed under the version key.
 */
public final class ZipInstaller {
  private final CodeModuleCache cache;
  private final Platform platform;
  private final ZipExtractor extractor;

  public ZipInstaller(CodeModuleCache cache, Platform platform, ZipExtractor extractor) {
    this.cache = cache;
    this.platform = platform;
    this.extractor = extractor;
  }

  public static String keyFor(String version) {
    return CacheKeys.forVersion(version);
  }

  /** Downloads only when the version is not cached; the tenant client is opened by the caller, per DynaKube. */
  public CodeModuleCache.InstallResult install(String version, TenantClient tenant) throws IOException {
    String key = keyFor(version);
    Arch arch = Arch.fromCpu(platform.architecture());
    return cache.ensureInstalled(key, work -> {
      Path zip = cache.layout().work().resolve(UUID.randomUUID() + ".zip");
      try {
        DownloadResult download = tenant.downloadCodeModules(ZipRequest.version(version, CodeModulesFlavor.MULTIDISTRO, arch), zip);
        extractor.extract(zip, work);
        return new CodeModuleOrigin("zip", "tenant zip " + version + " (" + arch.query() + ", sha256 " + download.sha256() + ")",
            null, null, version, platform.toString(), null);
      } finally {
        Files.deleteIfExists(zip);
      }
    });
  }
}
