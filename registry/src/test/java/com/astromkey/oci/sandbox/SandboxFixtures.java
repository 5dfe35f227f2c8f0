package com.astromkey.oci.sandbox;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.registry.LocalRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Glue between the sandbox harness and the client under test: secrets, trust and references for a LocalRegistry. */
final class SandboxFixtures {

  private SandboxFixtures() {
  }

  static PullSecret secret(String name, String key, String user, String password) {
    String json = "{\"auths\":{\"" + key + "\":{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}}}";
    return PullSecret.of(name, PullSecret.TYPE_DOCKER_CONFIG_JSON,
        Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON, json.getBytes(StandardCharsets.UTF_8)));
  }

  /** The registry's first user as a pull secret, or anonymous for an anonymous registry. */
  static Keychain keychain(LocalRegistry registry) {
    if (registry.auth() == LocalRegistry.Auth.ANONYMOUS) {
      return Keychain.anonymous();
    }
    return Keychain.fromPullSecrets(List.of(secret("pull-secret", registry.host(), registry.credentials().name(),
        registry.credentials().password())));
  }

  static TrustConfig harnessCa(LocalRegistry registry) {
    try {
      return TrustConfig.withPem(Files.readString(registry.caPem()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RegistryClient.Builder client(LocalRegistry registry) {
    return RegistryClient.builder().keychain(keychain(registry)).trust(harnessCa(registry))
        .userAgent("astromkey-operator/1.0.0 (registry-it)");
  }

  static ImageReference ref(String reference) {
    return ImageReference.parse(reference);
  }

  static Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms(Map<ImagePlatform, LayerBuilder> layers) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> result = new LinkedHashMap<>();
    layers.forEach((platform, builder) -> result.put(platform, List.of(builder.build())));
    return result;
  }

  /** Names in a directory, to prove that a failed extraction left nothing beside the target. */
  static List<String> listing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
