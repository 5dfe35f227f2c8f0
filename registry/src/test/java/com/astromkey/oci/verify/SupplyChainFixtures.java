package com.astromkey.oci.verify;

import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.transport.TrustConfig;
import com.astromkey.sandbox.images.Descriptor;
import com.astromkey.sandbox.images.ImageFactory;
import com.astromkey.sandbox.images.ImageFormat;
import com.astromkey.sandbox.images.ImagePlatform;
import com.astromkey.sandbox.images.LayerBuilder;
import com.astromkey.sandbox.images.PushedIndex;
import com.astromkey.sandbox.images.TestImages;
import com.astromkey.sandbox.registry.LocalRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Glue between sandbox registries and the supply-chain code under test: clients, docker configs, signed test images. */
public final class SupplyChainFixtures {

  private SupplyChainFixtures() {
  }

  /** A client that trusts every given registry's CA and holds each registry's first user. */
  public static RegistryClient client(LocalRegistry... registries) {
    List<PullSecret> secrets = new ArrayList<>();
    List<String> cas = new ArrayList<>();
    for (LocalRegistry r : registries) {
      if (r.credentials() != null) {
        secrets.add(PullSecret.of("pull-" + r.port(), PullSecret.TYPE_DOCKER_CONFIG_JSON,
            Map.of(PullSecret.KEY_DOCKER_CONFIG_JSON, r.dockerConfigJson(r.credentials()).getBytes(StandardCharsets.UTF_8))));
      }
      if (r.tls()) {
        cas.add(read(r.caPem()));
      }
    }
    return RegistryClient.builder().keychain(Keychain.fromPullSecrets(secrets))
        .trust(TrustConfig.withPem(cas.toArray(String[]::new))).userAgent("astromkey-operator/1.0.0 (supply-chain-it)")
        .build();
  }

  /** A docker {@code config.json} with the first user of every given registry. */
  public static Path dockerConfig(Path file, LocalRegistry... registries) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode auths = root.putObject("auths");
    try {
      for (LocalRegistry r : registries) {
        auths.setAll((ObjectNode) json.readTree(r.dockerConfigJson(r.credentials())).path("auths"));
      }
      Files.writeString(file, root.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The code-modules image of helm-and-image.md §6.2 as an OCI index amd64 + arm64 (+ attestation) or a Docker list. */
  public static PushedIndex codeModules(ImageFactory factory, String repo, String version, ImageFormat format) {
    Map<ImagePlatform, List<? extends LayerBuilder.LayerBlob>> platforms = new LinkedHashMap<>();
    for (ImagePlatform p : List.of(ImagePlatform.LINUX_AMD64, ImagePlatform.LINUX_ARM64)) {
      platforms.put(p, List.of(TestImages.codeModules(version, p).build()));
    }
    return factory.pushIndex(repo, version, format, platforms, TestImages.labels(version), format == ImageFormat.OCI);
  }

  public static Descriptor subject(PushedIndex index) {
    return new Descriptor(index.mediaType(), index.digest(), index.bytes().length);
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
