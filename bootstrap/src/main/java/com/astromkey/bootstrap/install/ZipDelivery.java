package com.astromkey.bootstrap.install;

import com.astromkey.bootstrap.config.BootstrapConfig;
import com.astromkey.bootstrap.log.JsonLog;
import com.astromkey.bootstrap.outcome.BootstrapException;
import com.astromkey.bootstrap.outcome.ExitCode;
import com.astromkey.domain.names.SecretKeys;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.extract.ExtractionLimits;
import com.astromkey.oci.extract.LayerExtractor;
import com.astromkey.oci.extract.UnsafeLayerEntryException;
import com.astromkey.tenant.Component;
import com.astromkey.tenant.DownloadResult;
import com.astromkey.tenant.NoProxy;
import com.astromkey.tenant.ProxyConfig;
import com.astromkey.tenant.TenantApiException;
import com.astromkey.tenant.TenantClient;
import com.astromkey.tenant.TenantClientConfig;
import com.astromkey.tenant.TenantTokens;
import com.astromkey.tenant.ZipRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Zip mode (bootstrap.md §2.1): download the code-modules zip from the tenant to {@code <work>.zip}, extract it into
 * the work directory under the registry's layer-extraction rules, and hand the tree back for placement.
 */
final class ZipDelivery {
  static final String ZIP_SUFFIX = ".zip";

  private final BootstrapConfig config;
  private final ExtractionLimits limits;
  private final JsonLog log;

  ZipDelivery(BootstrapConfig config, ExtractionLimits limits, JsonLog log) {
    this.config = config;
    this.limits = limits;
    this.log = log;
  }

  static Path zipPath(Path work) {
    return work.resolveSibling(work.getFileName() + ZIP_SUFFIX);
  }

  /** Fills {@code work} (which exists and is empty) with the extracted tree. */
  void fill(Path work) {
    Path zip = zipPath(work);
    download(zip);
    extract(zip, work);
  }

  private void download(Path zip) {
    if (config.inputDirectory() == null) {
      throw BootstrapException.unavailable("zip mode needs --input-directory with " + SecretKeys.AKCLIENT_CONFIG, null);
    }
    AkClientConfig client = AkClientConfig.read(config.inputDirectory().resolve(SecretKeys.AKCLIENT_CONFIG));
    String url = config.url().isEmpty() ? client.apiUrl() : config.url();
    if (url.isEmpty()) {
      throw BootstrapException.unavailable("zip mode needs a tenant URL: neither --url nor apiUrl in "
          + SecretKeys.AKCLIENT_CONFIG + " is set", null);
    }
    ZipRequest request = new ZipRequest(config.version(), config.flavor(), config.arch(), config.technologies());
    TenantClientConfig clientConfig;
    try {
      TenantClientConfig.Builder builder = TenantClientConfig.builder(url, TenantTokens.apiOnly(client.token()))
          .component(Component.BOOTSTRAP)
          .trustedCaPems(trustedPems())
          .skipCertCheck(client.skipCertCheck())
          .noProxy(NoProxy.parse(client.noProxy()))
          .networkZone(client.networkZone())
          .requestThreshold(Duration.ZERO);
      if (!client.proxy().isEmpty()) {
        builder.proxy(ProxyConfig.parse(client.proxy()));
      }
      clientConfig = builder.build();
    } catch (IllegalArgumentException e) {
      throw BootstrapException.unavailable("cannot reach the tenant: " + e.getMessage(), e);
    }
    log.info("downloading code modules", "url", clientConfig.apiUrl(), "version", config.version(), "flavor",
        config.flavor().value(), "arch", config.arch().query(), "technologies",
        config.allTechnologies() ? "all" : String.join(",", config.technologies()));
    try (TenantClient tenant = new TenantClient(clientConfig)) {
      DownloadResult result = tenant.downloadCodeModules(request, zip);
      log.info("downloaded code modules", "bytes", result.size(), "sha256", result.sha256());
    } catch (TenantApiException e) {
      throw BootstrapException.unavailable("download of code modules " + config.version() + " failed: "
          + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw BootstrapException.unavailable("download of code modules " + config.version() + " failed: "
          + e.getMessage(), e);
    }
  }

  private List<String> trustedPems() {
    if (config.inputDirectory() == null) {
      return List.of();
    }
    Path pem = config.inputDirectory().resolve(SecretKeys.TRUSTED_PEM);
    if (!Files.isRegularFile(pem)) {
      return List.of();
    }
    try {
      return List.of(Files.readString(pem, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw BootstrapException.unavailable("cannot read " + pem + ": " + e.getMessage(), e);
    }
  }

  /** {@code --debug}: the file-level detail the extractor itself does not report. */
  private void logExtracted(Path work) throws IOException {
    if (!log.isDebug()) {
      return;
    }
    try (Stream<Path> files = Files.walk(work)) {
      files.filter(p -> !p.equals(work)).forEach(p -> log.debug("extracted", "file", work.relativize(p).toString()));
    }
  }

  private void extract(Path zip, Path work) {
    String archive = "zip " + zip.getFileName();
    try (ZipFile file = ZipFile.builder().setPath(zip).get();
        ZipAsTarStream tar = new ZipAsTarStream(file, archive)) {
      LayerExtractor extractor = new LayerExtractor(work, "", limits);
      extractor.apply(tar, "application/x-tar", archive);
      extractor.finish();
      logExtracted(work);
    } catch (UnsafeLayerEntryException e) {
      throw new BootstrapException(ExitCode.UNSAFE_ARCHIVE, "unsafe archive content rejected: " + e.getMessage(), e);
    } catch (RegistryException e) {
      throw BootstrapException.unavailable("cannot extract the code-modules zip: " + e.getMessage(), e);
    } catch (IOException e) {
      throw BootstrapException.unavailable("cannot extract the code-modules zip: " + e.getMessage(), e);
    }
  }
}
