package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.DataLayout;
import com.astromkey.csi.layout.DirectoryTrees;
import com.astromkey.csi.layout.GarbageCollector;
import com.astromkey.csi.layout.GcReport;
import com.astromkey.csi.layout.InstalledCodeModule;
import com.astromkey.domain.duration.Durations;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.image.ImageReferenceException;
import com.astromkey.domain.modules.ModulesConfig;
import com.astromkey.domain.names.CsiEventReasons;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.tenant.TenantClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provisioner pass for one DynaKube (csi-driver.md §5): decide, install if absent, repoint the latest link, report;
 * returns when to look again. Passes for different DynaKubes may run in parallel; the work queue never runs two for one.
 */
public final class DynaKubeProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(DynaKubeProvisioner.class);

  /** Everything a pass needs besides the DynaKube; tests swap clock, events and client factories. */
  public record Parts(
      CodeModuleCache cache,
      GarbageCollector gc,
      NamespaceObjects objects,
      Supplier<Set<String>> existingDynaKubes,
      ImageInstaller images,
      ZipInstaller zips,
      RegistryClients registryClients,
      TenantClients tenantClients,
      DynaKubeEvents events,
      ProvisionerMetrics metrics,
      Clock clock) {}

  private final ProvisionerConfig config;
  private final Parts parts;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private volatile Instant lastCollection = Instant.EPOCH;

  public DynaKubeProvisioner(ProvisionerConfig config, Parts parts) {
    this.config = config;
    this.parts = parts;
  }

  /** The requeue delay, or empty when the DynaKube is gone. */
  public Optional<Duration> reconcile(String name, DynaKube dk) {
    if (dk == null) {
      deleted(name);
      return Optional.empty();
    }
    InstallDecision decision = InstallDecision.decide(dk, config.modules());
    try {
      if (decision.kind() == InstallDecision.Kind.CSI_DISABLED) {
        collectIfDue();
        return Optional.of(decision.requeue());
      }
      if (decision.kind() == InstallDecision.Kind.NO_CSI_VOLUME) return Optional.of(decision.requeue());
      ensureDynaKubeDirs(name, decision);
      if (!decision.installs()) {
        LOG.debug("DynaKube {}: {}, nothing to install", name, decision.kind());
        return Optional.of(decision.requeue());
      }
    } catch (IOException e) {
      LOG.warn("DynaKube {}: data dir: {}", name, e.getMessage());
      return Optional.of(backoff(name));
    }
    return install(name, dk, decision);
  }

  /** A Secret or ConfigMap the DynaKube names changed: the next failure starts the backoff again at 1m. */
  public void resetBackoff(String name) {
    failures.remove(name);
  }

  private Optional<Duration> install(String name, DynaKube dk, InstallDecision decision) {
    String source = decision.kind() == InstallDecision.Kind.IMAGE ? "image" : "zip";
    long started = System.nanoTime();
    String shown = decision.kind() == InstallDecision.Kind.IMAGE ? decision.reference() : "version " + decision.version();
    String registry = "tenant";
    String repository = "";
    try {
      Optional<String> previous = parts.cache().latest(name).map(InstalledCodeModule::key);
      DynaKubeConnection connection = DynaKubeConnection.of(dk, parts.objects());
      String key;
      CodeModuleCache.Outcome outcome;
      if (decision.kind() == InstallDecision.Kind.IMAGE) {
        ImageReference reference = parse(decision.reference());
        registry = reference.domain();
        repository = reference.path();
        Supplier<Keychain> keychain = () -> PullSecretKeychain.keychain(dk, config.operatorPullSecret(), parts.objects()::secret);
        RegistryClient client = parts.registryClients().build(connection, keychain);
        ImageInstaller.Result result = parts.images().install(name, reference, client);
        key = result.key();
        outcome = result.outcome();
        shown = result.canonicalReference();
      } else {
        String zipKey = ZipInstaller.keyFor(decision.version());
        if (parts.cache().isInstalled(zipKey)) {
          key = zipKey;
          outcome = CodeModuleCache.Outcome.ALREADY_PRESENT;
        } else {
          try (TenantClient tenant = parts.tenantClients().open(dk, connection, parts.objects())) {
            CodeModuleCache.InstallResult result = parts.zips().install(decision.version(), tenant);
            key = result.module().key();
            outcome = result.outcome();
          }
        }
      }
      parts.cache().relink(name, key);
      failures.remove(name);
      if (outcome == CodeModuleCache.Outcome.SHARED) parts.metrics().shared();
      if (outcome != CodeModuleCache.Outcome.ALREADY_PRESENT) {
        parts.metrics().installed(source, registry, Duration.ofNanos(System.nanoTime() - started));
      }
      if (!previous.equals(Optional.of(key))) {
        LOG.info("Installed code modules {} as {} for DynaKube {}", shown, key, name);
        parts.events().normal(name, CsiEventReasons.CODE_MODULES_INSTALLED, "code modules " + shown + " installed as " + key);
      }
      afterInstall(name);
      return Optional.of(decision.requeue());
    } catch (IOException | RuntimeException e) {
      return Optional.of(failed(name, source, shown, registry, repository, e));
    }
  }

  private Duration failed(String name, String source, String shown, String registry, String repository, Exception e) {
    InstallFailure failure = InstallFailure.of(e);
    parts.metrics().failed(source, failure.metricReason());
    String message = source.equals("image")
        ? "pulling code modules image " + shown + " (registry " + registry + ", repository " + repository + ") failed: "
            + e.getMessage()
        : "downloading code modules " + shown + " from the tenant failed: " + e.getMessage();
    if (failure.retryAfter().isPresent()) {
      LOG.info("DynaKube {}: {}; retrying in {}", name, message, Durations.format(failure.retryAfter().get()));
      return failure.retryAfter().get();
    }
    Duration next = backoff(name);
    LOG.warn("DynaKube {}: {}; retrying in {}", name, message, Durations.format(next));
    parts.events().warning(name, failure.eventReason(), message);
    return next;
  }

  private Duration backoff(String name) {
    return InstallFailure.backoff(failures.merge(name, 1, Integer::sum));
  }

  private void afterInstall(String name) throws IOException {
    GarbageCollector.Request request = request();
    if (config.cacheBudgetBytes() > 0) {
      GcReport report = parts.gc().enforceBudget(request, config.cacheBudgetBytes());
      parts.metrics().collected(report);
      if (report.overBudget()) {
        parts.events().warning(name, CsiEventReasons.CODE_MODULES_CACHE_OVER_BUDGET, "code-modules cache holds "
            + report.cacheBytes() + " bytes, above its budget of " + config.cacheBudgetBytes() + " bytes; the rest is in use");
      }
    }
    collectIfDue();
    updateCacheMetrics();
  }

  private void deleted(String name) {
    failures.remove(name);
    try {
      parts.cache().unlink(name);
      collect();
    } catch (IOException e) {
      LOG.warn("Cleaning up after DynaKube {}: {}", name, e.getMessage());
    }
  }

  private void ensureDynaKubeDirs(String name, InstallDecision decision) throws IOException {
    DataLayout layout = parts.cache().layout();
    Files.createDirectories(layout.dynakube(name));
    if (decision.osAgentStorage()) Files.createDirectories(layout.osAgent(name));
  }

  /** GC at most every cleanup period after a pass (§7). */
  public void collectIfDue() throws IOException {
    if (parts.clock().instant().isBefore(lastCollection.plus(config.cleanupPeriod()))) return;
    collect();
  }

  public synchronized void collect() throws IOException {
    lastCollection = parts.clock().instant();
    GcReport report = parts.gc().collect(request());
    parts.metrics().collected(report);
    if (!report.removed().isEmpty()) LOG.info("Garbage collection removed {}", report.removed());
    updateCacheMetrics();
  }

  private GarbageCollector.Request request() {
    // the Job installer is not built, so no Job's work dir needs protecting
    return new GarbageCollector.Request(parts.existingDynaKubes().get(), Set.of());
  }

  private void updateCacheMetrics() throws IOException {
    DataLayout layout = parts.cache().layout();
    parts.metrics().cache(DirectoryTrees.size(layout.codemodules()), parts.cache().keys().size());
  }

  private static ImageReference parse(String reference) throws IOException {
    try {
      return ImageReference.parse(reference);
    } catch (ImageReferenceException e) {
      throw new IOException("'" + reference + "' is not an image reference: " + e.getMessage(), e);
    }
  }
}
