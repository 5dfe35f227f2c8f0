package com.astromkey.csi.provisioner;

import com.astromkey.csi.layout.CacheKeys;
import com.astromkey.csi.layout.CodeModuleCache;
import com.astromkey.csi.layout.CodeModuleOrigin;
import com.astromkey.csi.layout.DirectoryTrees;
import com.astromkey.csi.layout.ResolvedReference;
import com.astromkey.domain.dynakube.DynaKube;
import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.names.ObjectNames;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-image-pull installer of csi-driver.md §6.3: the kubelet pulls {@code codeModulesImage} in a Job pinned to this
 * node whose container copies the tree to {@code work/<job>/out}; once the Job succeeded the tree is installed under the
 * key of the pod's {@code imageID} and the Job is removed. One step per pass; a running Job is looked at again in 30s.
 */
public final class JobInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(JobInstaller.class);
  private static final Pattern IMAGE_ID_DIGEST = Pattern.compile(".*@(sha256:[0-9a-f]{64})$");
  static final String JOB_NAME_LABEL = "job-name";

  /** Where the Job stands after this step. */
  public sealed interface Step permits Running, Installed, Failed {}

  public record Running(String job) implements Step {}

  public record Installed(String key, CodeModuleCache.Outcome outcome, String reference) implements Step {}

  public record Failed(String job, String reason) implements Step {}

  private final KubernetesClient client;
  private final String namespace;
  private final String node;
  private final Path hostDataDir;
  private final JobSettings settings;
  private final CodeModuleCache cache;
  private final DigestRecheck recheck;
  private final Clock clock;

  public JobInstaller(KubernetesClient client, String namespace, String node, Path hostDataDir, JobSettings settings,
      CodeModuleCache cache, DigestRecheck recheck, Clock clock) {
    this.settings = settings;
    this.client = client;
    this.namespace = namespace;
    this.node = node;
    this.hostDataDir = hostDataDir;
    this.cache = cache;
    this.recheck = recheck;
    this.clock = clock;
  }

  /** {@code image} is the reference as written ({@code codeModulesImage}): the Job name and the pod image use it verbatim. */
  public Step step(DynaKube dk, String image, ImageReference reference, List<String> existingPullSecrets) throws IOException {
    String name = dk.getMetadata().getName();
    String jobName = ObjectNames.nodeImagePullJobName(image, node);
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    if (job == null) {
      Optional<ResolvedReference> last = cache.resolved(name);
      boolean installed = last.map(r -> r.key() != null && cache.isInstalled(r.key())).orElse(false);
      if (recheck.action(reference, last, installed) == DigestRecheck.Action.REUSE) {
        return new Installed(last.get().key(), CodeModuleCache.Outcome.ALREADY_PRESENT, image);
      }
      client.batch().v1().jobs().inNamespace(namespace)
          .resource(NodeImagePullJob.build(dk, image, node, namespace, hostDataDir, existingPullSecrets, settings)).create();
      LOG.info("Created Job {} to pull {} on node {} for DynaKube {}", jobName, image, node, name);
      return new Running(jobName);
    }
    if (failed(job)) {
      String reason = failureReason(job);
      delete(jobName);
      return new Failed(jobName, reason);
    }
    if (job.getStatus() == null || job.getStatus().getSucceeded() == null || job.getStatus().getSucceeded() < 1) {
      return new Running(jobName);
    }
    Optional<String> digest = podImageDigest(jobName);
    String key = digest.map(CacheKeys::forDigest).orElseGet(() -> CacheKeys.forReference(image));
    Path out = cache.layout().root().resolve(NodeImagePullJob.outDir(jobName));
    CodeModuleCache.InstallResult result = cache.ensureInstalled(key, work -> {
      moveChildren(out, work);
      return new CodeModuleOrigin("job", image, digest.orElse(null), null, null, null, null);
    });
    cache.writeResolved(name, new ResolvedReference(reference.canonical(), digest.orElse(null), key, clock.instant()));
    delete(jobName);
    DirectoryTrees.delete(cache.layout().work().resolve(jobName));
    return new Installed(key, result.outcome(), image);
  }

  /** Names of this node's download Jobs: GC keeps their work directories. */
  public Set<String> existingJobs() {
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
        .map(j -> j.getMetadata().getName())
        .filter(n -> n.startsWith(ObjectNames.CODEMODULE_DOWNLOAD_JOB_PREFIX))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static boolean failed(Job job) {
    if (job.getStatus() == null) return false;
    List<JobCondition> conditions = job.getStatus().getConditions();
    if (conditions != null && conditions.stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))) {
      return true;
    }
    return job.getStatus().getFailed() != null && job.getStatus().getFailed() > NodeImagePullJob.BACKOFF_LIMIT;
  }

  private static String failureReason(Job job) {
    List<JobCondition> conditions = job.getStatus().getConditions();
    return conditions == null ? "failed" : conditions.stream().filter(c -> "Failed".equals(c.getType()))
        .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage())).findFirst().orElse("failed");
  }

  /** The digest the kubelet reports for the download container ({@code imageID} is {@code <repo>@sha256:…}). */
  private Optional<String> podImageDigest(String jobName) {
    for (Pod pod : client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, jobName).list().getItems()) {
      if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) continue;
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        if (!ObjectNames.CODEMODULE_DOWNLOAD_CONTAINER.equals(status.getName()) || status.getImageID() == null) continue;
        Matcher m = IMAGE_ID_DIGEST.matcher(status.getImageID());
        if (m.matches()) return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private void delete(String jobName) {
    client.batch().v1().jobs().inNamespace(namespace).withName(jobName).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  /** Same file system: each entry is renamed, never copied. */
  private static void moveChildren(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) throw new IOException("the Job left no " + from);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.move(p, to.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }
}
