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
import com.astromkey.tenant.TenantApiException;
import com.astromkey.tenant.TenantClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  static final Duration JOB_RUNNING_REQUEUE = Duration.ofSeconds(30);

  /** Everything a pass needs besides the DynaKube; tests swap clock, events and client factories. */
  public record Parts(
      CodeModuleCache cache,
      GarbageCollector gc,
      NamespaceObjects objects,
      Supplier<Set<String>> existingDynaKubes,
      Supplier<Set<String>> existingJobs,
      ImageInstaller images,
      JobInstaller jobs,
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
    return pass(name, dk).map(config::scaled);
  }

  private Optional<Duration> pass(String name, DynaKube dk) {
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

  /** What an installer left for the DynaKube: the key to link, how the cache got it, and the reference for messages. */
  private record Target(String key, CodeModuleCache.Outcome outcome, String shown) {}

  private Optional<Duration> install(String name, DynaKube dk, InstallDecision decision) {
    String source = switch (decision.kind()) {
      case IMAGE -> "image";
      case JOB -> "job";
      default -> "zip";
    };
    long started = System.nanoTime();
    try {
      Optional<String> previous = parts.cache().latest(name).map(InstalledCodeModule::key);
      Optional<Target> target = switch (decision.kind()) {
        case IMAGE -> Optional.of(viaImage(name, dk, decision));
        case JOB -> viaJob(dk, decision);
        default -> Optional.of(viaZip(dk, decision));
      };
      if (target.isEmpty()) return Optional.of(JOB_RUNNING_REQUEUE);
      Target t = target.get();
      parts.cache().relink(name, t.key());
      failures.remove(name);
      if (t.outcome() == CodeModuleCache.Outcome.SHARED) parts.metrics().shared();
      if (t.outcome() != CodeModuleCache.Outcome.ALREADY_PRESENT) {
        parts.metrics().installed(source, registryOf(decision), Duration.ofNanos(System.nanoTime() - started));
      }
      if (!previous.equals(Optional.of(t.key()))) {
        LOG.info("Installed code modules {} as {} for DynaKube {}", t.shown(), t.key(), name);
        parts.events().normal(name, CsiEventReasons.CODE_MODULES_INSTALLED, "code modules " + t.shown() + " installed as " + t.key());
      }
      afterInstall(name);
      return Optional.of(decision.requeueAfterSuccess(config.digestRecheckPeriod()));
    } catch (IOException | RuntimeException e) {
      return Optional.of(failed(name, source, decision, e));
    }
  }

  /** §6.1, with the keychain read from the informer cache on every registry operation. */
  private Target viaImage(String name, DynaKube dk, InstallDecision decision) throws IOException {
    ImageReference reference = parse(decision.reference());
    Supplier<Keychain> keychain = () -> PullSecretKeychain.keychain(dk, config.operatorPullSecret(), parts.objects()::secret);
    RegistryClient client = parts.registryClients().build(DynaKubeConnection.of(dk, parts.objects()), keychain);
    SignatureRequirement signature = SignatureRequirement.of(dk, config.signatureMode(), config.namespace(),
        config.signatureKeysConfigMap(), parts.objects());
    ImageInstaller.Result result = parts.images().install(name, reference, client, signature);
    result.signature().filter(v -> !v.isVerified()).ifPresent(v -> warnUnverified(name, reference, v));
    return new Target(result.key(), result.outcome(), result.canonicalReference());
  }

  /** {@code warn}: installed anyway; missing or invalid signatures are an event, a failed check only a log line (§10.4). */
  private void warnUnverified(String name, ImageReference reference, com.astromkey.oci.verify.VerificationResult result) {
    String message = "code modules image " + reference.canonical() + " (" + result.digestText() + ") installed although "
        + result.message() + " (signature verification mode warn)";
    LOG.warn("DynaKube {}: {}", name, message);
    switch (result.state()) {
      case SignatureMissing -> parts.events().warning(name, CsiEventReasons.CODE_MODULES_SIGNATURE_MISSING, message);
      case SignatureInvalid -> parts.events().warning(name, CsiEventReasons.CODE_MODULES_SIGNATURE_INVALID, message);
      default -> { }
    }
  }

  /** §6.3; empty while the Job runs. */
  private Optional<Target> viaJob(DynaKube dk, InstallDecision decision) throws IOException {
    JobInstaller.Step step = parts.jobs().step(dk, decision.reference(), parse(decision.reference()), existingPullSecrets(dk));
    if (step instanceof JobInstaller.Running) return Optional.empty();
    if (step instanceof JobInstaller.Failed f) throw new IOException("node-image-pull Job " + f.job() + " failed: " + f.reason());
    JobInstaller.Installed installed = (JobInstaller.Installed) step;
    return Optional.of(new Target(installed.key(), installed.outcome(), installed.reference()));
  }

  /** §6.2; the tenant is only contacted when the version is not cached yet. */
  private Target viaZip(DynaKube dk, InstallDecision decision) throws IOException {
    String shown = "version " + decision.version();
    String key = ZipInstaller.keyFor(decision.version());
    if (parts.cache().isInstalled(key)) return new Target(key, CodeModuleCache.Outcome.ALREADY_PRESENT, shown);
    try (TenantClient tenant = parts.tenantClients().open(dk, DynaKubeConnection.of(dk, parts.objects()), parts.objects())) {
      CodeModuleCache.InstallResult result = parts.zips().install(decision.version(), tenant);
      return new Target(result.module().key(), result.outcome(), shown);
    }
  }

  private static String registryOf(InstallDecision decision) {
    if (decision.kind() == InstallDecision.Kind.ZIP) return "tenant";
    try {
      return ImageReference.parse(decision.reference()).domain();
    } catch (ImageReferenceException e) {
      return "invalid";
    }
  }

  /** The Job's {@code imagePullSecrets}: the names of §5.2 that exist now (the kubelet fails on a missing one). */
  private List<String> existingPullSecrets(DynaKube dk) {
    return PullSecretKeychain.secretNames(dk, config.operatorPullSecret()).stream()
        .filter(n -> parts.objects().secret(n) != null).toList();
  }

  private Duration failed(String name, String source, InstallDecision decision, Exception e) {
    InstallFailure failure = InstallFailure.of(e);
    parts.metrics().failed(source, failure.metricReason());
    String message = decision.kind() == InstallDecision.Kind.ZIP
        ? "downloading code modules version " + decision.version() + " from the tenant failed: " + e.getMessage()
        : "pulling code modules image " + decision.reference() + " (" + where(decision.reference()) + ") failed: " + e.getMessage();
    if (e instanceof RuntimeException && !(e instanceof TenantApiException)) {
      // not an expected I/O or API failure: keep the stack trace for the bug report
      LOG.warn("DynaKube {}: unexpected failure", name, e);
    }
    if (e instanceof SignatureRejectedException) {
      // the image itself is the problem, not the registry: a fixed 10m requeue and always an event saying why
      LOG.warn("DynaKube {}: {}; retrying in {}", name, e.getMessage(), Durations.format(failure.retryAfter().get()));
      parts.events().warning(name, failure.eventReason(), e.getMessage());
      return failure.retryAfter().get();
    }
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
    return new GarbageCollector.Request(parts.existingDynaKubes().get(), parts.existingJobs().get());
  }

  private void updateCacheMetrics() throws IOException {
    DataLayout layout = parts.cache().layout();
    parts.metrics().cache(DirectoryTrees.size(layout.codemodules()), parts.cache().keys().size());
  }

  /** {@code registry <domain>, repository <path>} for failure messages. */
  private static String where(String reference) {
    try {
      ImageReference parsed = ImageReference.parse(reference);
      return "registry " + parsed.domain() + ", repository " + parsed.path();
    } catch (ImageReferenceException e) {
      return "not a valid reference";
    }
  }

  private static ImageReference parse(String reference) throws IOException {
    try {
      return ImageReference.parse(reference);
    } catch (ImageReferenceException e) {
      throw new IOException("'" + reference + "' is not an image reference: " + e.getMessage(), e);
    }
  }
}
