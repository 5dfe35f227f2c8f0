package com.astromkey.sandbox.images;

import com.astromkey.sandbox.registry.LocalRegistry;
import com.astromkey.sandbox.registry.RegistryUser;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Pushes "normal" images with jib-core's public API from scratch: Docker v2.2 (or OCI for one platform); several platforms
 * become a Docker manifest list, in the given order (jib cannot write an OCI index).
 */
public final class JibImages {

    private JibImages() {}

    /** A file of an image layer: absolute path in the image, content, mode. */
    public record ImageFile(String path, byte[] content, int mode) {
        public static ImageFile of(String path, String content) {
            return new ImageFile(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0644);
        }
    }

    /** What jib pushed: {@code digest} is the manifest list digest for several platforms, else the manifest digest. */
    public record JibPush(String reference, String digest, String imageId) {}

    /**
     * Builds one layer per map entry (name → files) and pushes {@code host/repo:tag} with the registry's first user. TLS
     * registries are reached through jib's insecure-registry fallback (it logs nothing here, no jib log handler is attached),
     * because jib trusts only the JVM-wide trust store and changing that would leak the sandbox CA into every other test.
     */
    public static JibPush push(LocalRegistry registry, String repo, String tag, List<ImagePlatform> platforms, ImageFormat format,
                               Map<String, List<ImageFile>> layers, Map<String, String> labels) {
        Path work = null;
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            work = Files.createTempDirectory("sandbox-jib-");
            JibContainerBuilder b = Jib.fromScratch().setFormat(format == ImageFormat.OCI
                    ? com.google.cloud.tools.jib.api.buildplan.ImageFormat.OCI
                    : com.google.cloud.tools.jib.api.buildplan.ImageFormat.Docker);
            // LinkedHashSet: the platform order decides the manifest-list digest
            LinkedHashSet<Platform> ps = new LinkedHashSet<>();
            platforms.forEach(p -> ps.add(new Platform(p.architecture(), p.os())));
            b.setPlatforms(ps);
            int n = 0;
            for (Map.Entry<String, List<ImageFile>> layer : layers.entrySet()) {
                FileEntriesLayer.Builder lb = FileEntriesLayer.builder().setName(layer.getKey());
                for (ImageFile f : layer.getValue()) {
                    Path local = work.resolve("files").resolve(String.valueOf(n++));
                    Files.createDirectories(local.getParent());
                    Files.write(local, f.content());
                    lb.addEntry(local, AbsoluteUnixPath.get(f.path()), FilePermissions.fromOctalString(Integer.toOctalString(f.mode())),
                            Instant.EPOCH);
                }
                b.addFileEntriesLayer(lb.build());
            }
            labels.forEach(b::addLabel);
            RegistryImage target = RegistryImage.named(registry.host() + "/" + repo + ":" + tag);
            RegistryUser user = registry.credentials();
            if (user != null) {
                target.addCredential(user.name(), user.password());
                // jib drops credentials on plain HTTP (a plain registry, or the loopback token realm) unless told so;
                // only jib reads this property
                System.setProperty("sendCredentialsOverHttp", "true");
            }
            Containerizer c = Containerizer.to(target)
                    .setExecutorService(executor)
                    // plain-HTTP registries need the same fallback as untrusted TLS ones
                    .setAllowInsecureRegistries(true)
                    .setBaseImageLayersCache(work.resolve("cache/base"))
                    .setApplicationLayersCache(work.resolve("cache/app"));
            JibContainer result = b.containerize(c);
            return new JibPush(registry.host() + "/" + repo + ":" + tag, result.getDigest().toString(), result.getImageId().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RegistryException | ExecutionException | CacheDirectoryCreationException | InvalidImageReferenceException e) {
            throw new IllegalStateException("jib push of " + repo + ":" + tag + " failed: " + e.getMessage(), e);
        } finally {
            executor.shutdownNow();
            FileTrees.deleteQuietly(work);
        }
    }
}
