package com.astromkey.e2e.kubelet;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Platform;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.ResolvedImage;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.blob.VerifyingBlobStream;
import com.astromkey.oci.keychain.Keychain;
import com.astromkey.oci.keychain.PullSecret;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.transport.TrustConfig;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pulls an image for a pod as the kubelet would (README §7): our registry client with a keychain built only from the pod
 * spec's {@code imagePullSecrets} in the pod's namespace, the node's trust store (here: the sandbox CA, which a
 * private-CA registry needs at node level), the manifest for the node platform and every layer, digests verified.
 */
public final class KubeletStandIn {
  private final KubernetesClient client;
  private final Path nodeTrustedCa;

  public KubeletStandIn(KubernetesClient client, Path nodeTrustedCa) {
    this.client = client;
    this.nodeTrustedCa = nodeTrustedCa;
  }

  /** What was pulled: platform manifest digest, layer count, bytes, and which pull secrets the kubelet had. */
  public record Pull(String image, String manifestDigest, int layers, long bytes, List<String> secretsUsed) {}

  /** {@code podSpec} is a pod's or a pod template's spec; missing Secrets are skipped as the kubelet skips them. */
  public Pull pull(String namespace, PodSpec podSpec, String image, Platform platform) throws IOException, RegistryException {
    return pull(namespace, podSpec, image, platform, null);
  }

  /** Pulls and unpacks the whole image into {@code rootfs} (what the container runtime gives the container as its file system). */
  public Pull pullAndUnpack(String namespace, PodSpec podSpec, String image, Platform platform, Path rootfs)
      throws IOException, RegistryException {
    return pull(namespace, podSpec, image, platform, rootfs);
  }

  private Pull pull(String namespace, PodSpec podSpec, String image, Platform platform, Path rootfs)
      throws IOException, RegistryException {
    List<PullSecret> secrets = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (LocalObjectReference ref : podSpec.getImagePullSecrets() == null ? List.<LocalObjectReference>of()
        : podSpec.getImagePullSecrets()) {
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (secret == null) {
        secrets.add(PullSecret.missing(ref.getName()));
        continue;
      }
      Map<String, byte[]> data = new HashMap<>();
      (secret.getData() == null ? Map.<String, String>of() : secret.getData())
          .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
      secrets.add(PullSecret.of(ref.getName(), secret.getType(), data));
      names.add(ref.getName());
    }
    RegistryClient registry = RegistryClient.builder()
        .keychain(Keychain.fromPullSecrets(secrets))
        .trust(TrustConfig.withPem(Files.readString(nodeTrustedCa)))
        .userAgent("kubelet-stand-in")
        .subtree("")
        .build();
    ImageReference reference = ImageReference.parse(image);
    ResolvedImage resolved = registry.resolve(reference, platform);
    RegistrySession session = registry.session(reference, Set.of());
    long bytes = 0;
    for (Descriptor layer : resolved.manifest().layers()) {
      try (VerifyingBlobStream blob = VerifyingBlobStream.open(session, layer)) {
        bytes += drain(blob);
        blob.drainAndVerify();
      }
    }
    if (rootfs != null) {
      registry.extract(resolved, rootfs);
    }
    return new Pull(image, resolved.manifestDigest().toString(), resolved.manifest().layers().size(), bytes, names);
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }
}
