package com.astromkey.e2e.sandbox;

import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The customer's private registry content: OneAgent (Docker manifest list), code modules and ActiveGate (OCI indexes)
 * from the sandbox's test images, and a stand-in operator image (only kubelet pulls of it are exercised here; the real
 * image is built by packaging under {@code -Pimage}).
 */
public record SandboxImages(PushedIndex operator, PushedIndex oneAgent, PushedIndex codeModules, PushedIndex activeGate) {
  public static final String VERSION = "1.301.0";

  /** The four images under {@code <prefix>/astromkey-*} (also into another registry: the mirror scenario's source). */
  public static SandboxImages push(LocalRegistry registry, String prefix, String operatorTag) {
    ImageFactory factory = new ImageFactory(registry);
    PushedIndex operator = factory.pushIndex(prefix + "/astromkey-operator", operatorTag, ImageFormat.DOCKER,
        platforms((version, platform) -> LayerBuilder.create().dir("app/").file("app/stand-in",
            "operator image stand-in " + version + " " + platform.architecture() + "\n"), operatorTag), Map.of(), false);
    PushedIndex oneAgent = factory.pushIndex(prefix + "/astromkey-oneagent", VERSION, ImageFormat.DOCKER,
        platforms(TestImages::oneAgent, VERSION), TestImages.labels(VERSION), false);
    PushedIndex codeModules = pushCodeModules(registry, prefix + "/astromkey-codemodules", VERSION);
    PushedIndex activeGate = factory.pushIndex(prefix + "/astromkey-activegate", VERSION, ImageFormat.OCI,
        platforms(TestImages::activeGate, VERSION), TestImages.labels(VERSION), false);
    return new SandboxImages(operator, oneAgent, codeModules, activeGate);
  }

  /** Code modules {@code version} (both platforms, OCI index) under {@code repository}, tagged with the version. */
  public static PushedIndex pushCodeModules(LocalRegistry registry, String repository, String version) {
    return pushCodeModules(registry, repository, version, version);
  }

  /** Code modules of {@code version} (an OCI index) as {@code repository:tag}; pushing again moves the tag. */
  public static PushedIndex pushCodeModules(LocalRegistry registry, String repository, String tag, String version) {
    return new ImageFactory(registry).pushIndex(repository, tag, ImageFormat.OCI, platforms(TestImages::codeModules, version),
        TestImages.labels(version), false);
  }

  public List<PushedIndex> all() {
    return List.of(operator, oneAgent, codeModules, activeGate);
  }

  private static Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms(
      BiFunction<String, ImagePlatform, LayerBuilder> layer, String version) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    platforms.put(ImagePlatform.LINUX_AMD64, List.of(layer.apply(version, ImagePlatform.LINUX_AMD64).build()));
    platforms.put(ImagePlatform.LINUX_ARM64, List.of(layer.apply(version, ImagePlatform.LINUX_ARM64).build()));
    return platforms;
  }
}
