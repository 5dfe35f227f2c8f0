package com.astromkey.csi.layout;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-node code-modules cache {@code codemodules/<key>} and the DynaKubes' latest links: atomic installs through a
 * work dir and rename, single-flight per key, relinking (csi-driver.md §6.1 steps 5–8, §7).
 */
public final class CodeModuleCache implements InstalledCodeModules {
  private static final Logger LOG = LoggerFactory.getLogger(CodeModuleCache.class);

  /** How an {@link #ensureInstalled} call got its result; the provisioner turns these into metrics. */
  public enum Outcome { INSTALLED, ALREADY_PRESENT, SHARED }

  public record InstallResult(InstalledCodeModule module, Outcome outcome) {}

  private final DataLayout layout;
  private final Clock clock;
  private final ConcurrentHashMap<String, CompletableFuture<InstalledCodeModule>> inFlight = new ConcurrentHashMap<>();
  private final Set<Path> workDirsInUse = ConcurrentHashMap.newKeySet();

  public CodeModuleCache(DataLayout layout, Clock clock) {
    this.layout = layout;
    this.clock = clock;
  }

  public DataLayout layout() {
    return layout;
  }

  public boolean isInstalled(String key) {
    return Files.isRegularFile(layout.codemodule(key).resolve(DataLayout.META_FILE));
  }

  /**
   * Installs {@code key} from {@code source} unless present. Concurrent calls for one key share one install; the
   * tree becomes visible under {@code codemodules/<key>} only complete, through one rename on the same file system.
   */
  public InstallResult ensureInstalled(String key, CodeModuleSource source) throws IOException {
    Path dir = layout.codemodule(key);
    if (isInstalled(key)) return new InstallResult(new InstalledCodeModule(key, dir), Outcome.ALREADY_PRESENT);
    CompletableFuture<InstalledCodeModule> mine = new CompletableFuture<>();
    CompletableFuture<InstalledCodeModule> running = inFlight.putIfAbsent(key, mine);
    if (running != null) return new InstallResult(await(running), Outcome.SHARED);
    try {
      InstalledCodeModule module = install(key, source);
      mine.complete(module);
      return new InstallResult(module, Outcome.INSTALLED);
    } catch (IOException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private InstalledCodeModule install(String key, CodeModuleSource source) throws IOException {
    Path target = layout.codemodule(key);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !isInstalled(key)) {
      // a directory without metadata is an interrupted install that got renamed; it holds nothing we can trust
      DirectoryTrees.delete(target);
    }
    Files.createDirectories(layout.codemodules());
    Path work = layout.work().resolve(UUID.randomUUID().toString());
    Files.createDirectories(work);
    workDirsInUse.add(work);
    try {
      CodeModuleOrigin origin = source.writeTree(work);
      if (!Files.isRegularFile(work.resolve(DataLayout.REQUIRED_LIBRARY))) {
        throw new InvalidCodeModulesException("installed tree for " + key + " lacks " + DataLayout.REQUIRED_LIBRARY);
      }
      long size = DirectoryTrees.size(work);
      CodeModuleMeta meta = new CodeModuleMeta(key, origin.source(), origin.reference(), origin.subjectDigest(),
          origin.manifestDigest(), origin.version(), origin.platform(), clock.instant(), size, origin.signature());
      Json.write(work.resolve(DataLayout.META_FILE), meta);
      DirectoryTrees.fsync(work);
      try {
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        DirectoryTrees.force(layout.codemodules());
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        LOG.debug("Code modules {} appeared while installing; discarding the second copy", key);
      }
      return new InstalledCodeModule(key, target);
    } finally {
      DirectoryTrees.delete(work);
      workDirsInUse.remove(work);
    }
  }

  private static InstalledCodeModule await(CompletableFuture<InstalledCodeModule> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a shared install");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) throw io;
      if (c instanceof RuntimeException re) throw re;
      throw new IOException(c);
    }
  }

  /** Points the DynaKube's latest link at {@code key}: a temp link renamed over the old one, so readers never see none. */
  public void relink(String dynakube, String key) throws IOException {
    if (!isInstalled(key)) throw new IllegalStateException("code modules " + key + " are not installed");
    Path link = layout.latestLink(dynakube);
    Files.createDirectories(link.getParent());
    Path tmp = link.resolveSibling(DataLayout.LATEST_LINK + DataLayout.TMP_SUFFIX);
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of("..", "..", DataLayout.CODEMODULES, key));
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes the DynaKube's latest link (DynaKube deleted); its version becomes collectable once unmounted. */
  public void unlink(String dynakube) throws IOException {
    Files.deleteIfExists(layout.latestLink(dynakube));
  }

  @Override
  public Optional<InstalledCodeModule> latest(String dynakube) throws IOException {
    Path link = layout.latestLink(dynakube);
    if (!Files.isSymbolicLink(link)) return Optional.empty();
    Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
    if (!layout.codemodules().equals(target.getParent())) return Optional.empty();
    String key = target.getFileName().toString();
    if (!DataLayout.isValidKey(key) || !isInstalled(key)) return Optional.empty();
    return Optional.of(new InstalledCodeModule(key, target));
  }

  @Override
  public void recordPublish(String key) throws IOException {
    // the directory's mtime is the last publish: install never touches it after the rename
    Files.setLastModifiedTime(layout.codemodule(key), FileTime.from(clock.instant()));
  }

  /** The DynaKube's last tag resolution, so that tag-only references are re-resolved only when due. */
  public Optional<ResolvedReference> resolved(String dynakube) throws IOException {
    Path file = layout.resolvedJson(dynakube);
    return Files.isRegularFile(file) ? Optional.of(Json.read(file, ResolvedReference.class)) : Optional.empty();
  }

  public void writeResolved(String dynakube, ResolvedReference resolved) throws IOException {
    Files.createDirectories(layout.dynakube(dynakube));
    Json.write(layout.resolvedJson(dynakube), resolved);
  }

  public Optional<CodeModuleMeta> meta(String key) {
    Path file = layout.codemodule(key).resolve(DataLayout.META_FILE);
    try {
      return Files.isRegularFile(file) ? Optional.of(Json.read(file, CodeModuleMeta.class)) : Optional.empty();
    } catch (IOException e) {
      LOG.warn("Unreadable {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Keys of every entry under {@code codemodules/}, complete or not. */
  public List<String> keys() throws IOException {
    List<String> keys = new ArrayList<>();
    if (!Files.isDirectory(layout.codemodules())) return keys;
    try (Stream<Path> s = Files.list(layout.codemodules())) {
      s.map(p -> p.getFileName().toString()).filter(DataLayout::isValidKey).sorted().forEach(keys::add);
    }
    return keys;
  }

  /** When the version was last useful: the later of its install and its last publish. */
  public Instant lastUsed(String key) {
    Instant installed = meta(key).map(CodeModuleMeta::installedAt).orElse(Instant.EPOCH);
    try {
      Instant touched = Files.getLastModifiedTime(layout.codemodule(key)).toInstant();
      return touched.isAfter(installed) ? touched : installed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Work directories of installs running in this process; GC must leave them alone whatever their age. */
  public Set<Path> workDirsInUse() {
    return Set.copyOf(workDirsInUse);
  }

  public long usableBytes() throws IOException {
    return Files.getFileStore(layout.root()).getUsableSpace();
  }
}
