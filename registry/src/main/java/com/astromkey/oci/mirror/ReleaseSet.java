package com.astromkey.oci.mirror;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.domain.names.ReleaseArtifacts;
import com.astromkey.oci.RegistryClient;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.RegistryException.Reason;
import com.astromkey.oci.auth.RegistrySession;
import com.astromkey.oci.blob.BlobFetcher;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.ManifestFetcher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The artefacts of one release (helm-and-image.md §6.3) as source → destination pairs: the operator image, the chart, and
 * the three agent images at the agent version (given, or the chart's {@code astromkey.com/agent-version} annotation).
 */
public final class ReleaseSet {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One artefact to copy. */
  public record Pair(ImageReference source, ImageReference destination) {
  }

  private ReleaseSet() {
  }

  /** The chart first: its annotation may be needed for the agent version and it is the smallest artefact. */
  public static List<Pair> pairs(String version, String agentVersion, String sourcePrefix, String destinationPrefix) {
    List<Pair> pairs = new ArrayList<>();
    pairs.add(pair(ReleaseArtifacts.CHART, version, sourcePrefix, destinationPrefix));
    pairs.add(pair(ReleaseArtifacts.OPERATOR_IMAGE, ReleaseArtifacts.operatorTag(version), sourcePrefix,
        destinationPrefix));
    for (String agent : ReleaseArtifacts.AGENT_IMAGES) {
      pairs.add(pair(agent, agentVersion, sourcePrefix, destinationPrefix));
    }
    return List.copyOf(pairs);
  }

  public static ImageReference chart(String version, String sourcePrefix) {
    return ImageReference.parse(trim(sourcePrefix) + "/" + ReleaseArtifacts.CHART + ":" + version);
  }

  /** Reads {@code annotations["astromkey.com/agent-version"]} from the chart's config blob (Chart.yaml as JSON). */
  public static String agentVersion(RegistryClient client, ImageReference chart) throws RegistryException {
    RegistrySession session = client.session(chart, Set.of());
    Manifest manifest = ManifestFetcher.get(session, chart.reference());
    if (manifest.isIndex()) {
      throw new RegistryException(Reason.UNSUPPORTED_MANIFEST, chart.canonical() + " is an index, not a Helm chart");
    }
    try {
      JsonNode config = JSON.readTree(BlobFetcher.readSmall(session, manifest.config()));
      String version = config.path("annotations").path(ReleaseArtifacts.AGENT_VERSION_ANNOTATION).asText("");
      if (version.isBlank()) {
        throw new RegistryException(Reason.PROTOCOL, chart.canonical() + " has no "
            + ReleaseArtifacts.AGENT_VERSION_ANNOTATION + " annotation; give --agent-version");
      }
      return version;
    } catch (IOException e) {
      if (e instanceof RegistryException r) {
        throw r;
      }
      throw new RegistryException(Reason.PROTOCOL, chart.canonical() + ": chart config is not JSON", e);
    }
  }

  private static Pair pair(String name, String tag, String sourcePrefix, String destinationPrefix) {
    return new Pair(ImageReference.parse(trim(sourcePrefix) + "/" + name + ":" + tag),
        ImageReference.parse(trim(destinationPrefix) + "/" + name + ":" + tag));
  }

  private static String trim(String prefix) {
    return prefix.replaceAll("/+$", "");
  }
}
