package com.astromkey.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.oci.Digest;
import com.astromkey.oci.RegistryException;
import com.astromkey.oci.manifest.Descriptor;
import com.astromkey.oci.manifest.Manifest;
import com.astromkey.oci.manifest.MediaTypes;
import com.astromkey.oci.verify.CosignArtifacts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MirrorPlannerTest {

  static final Descriptor CONFIG_AMD = blob("config-amd64");
  static final Descriptor CONFIG_ARM = blob("config-arm64");
  static final Descriptor SHARED = blob("shared layer");
  static final Descriptor AMD = blob("amd64 layer");

  final InMemorySource source = new InMemorySource();
  final Manifest amd64 = source.put(image(CONFIG_AMD, SHARED, AMD));
  final Manifest arm64 = source.put(image(CONFIG_ARM, SHARED));
  final Manifest index = source.put(index(amd64, arm64));

  @Test
  void childrenComeBeforeTheIndexAndSharedBlobsAreCopiedOnce() throws Exception {
    MirrorPlan plan = MirrorPlanner.plan(source, index, "1.0.0", true, true);

    assertThat(plan.subject()).isEqualTo(index.digest());
    assertThat(plan.blobs()).extracting(Descriptor::digest)
        .containsExactly(CONFIG_AMD.digest(), SHARED.digest(), AMD.digest(), CONFIG_ARM.digest());
    assertThat(plan.manifests()).extracting(m -> m.manifest().digest())
        .containsExactly(amd64.digest(), arm64.digest(), index.digest());
    assertThat(plan.manifests().get(2).tags()).containsExactly("1.0.0");
    assertThat(plan.blobBytes()).isEqualTo(CONFIG_AMD.size() + SHARED.size() + AMD.size() + CONFIG_ARM.size());
    assertThat(plan.signatureTags()).isEmpty();
    assertThat(plan.referrers()).isEmpty();
  }

  @Test
  void signatureTagsOfTheIndexAndOfEachChildAreCopiedAsImages() throws Exception {
    Descriptor payload = blob("payload");
    Manifest sig = source.put(image(blob("sig config"), payload));
    source.tag(CosignArtifacts.legacyTag(index.digest()), sig);
    source.tag(CosignArtifacts.legacyTag(arm64.digest()), sig);

    MirrorPlan plan = MirrorPlanner.plan(source, index, "1.0.0", true, true);

    assertThat(plan.signatureTags()).containsExactly(CosignArtifacts.legacyTag(index.digest()),
        CosignArtifacts.legacyTag(arm64.digest()));
    // one manifest, two tags: written once by digest, tagged twice
    assertThat(plan.manifests()).hasSize(4);
    assertThat(plan.manifests().get(3).tags()).containsExactlyElementsOf(plan.signatureTags());
    assertThat(plan.blobs()).extracting(Descriptor::digest).contains(payload.digest());

    assertThat(MirrorPlanner.plan(source, index, "1.0.0", false, true).signatureTags()).isEmpty();
  }

  @Test
  void referrersOfTheSubjectAreCopiedByDigestAndMarked() throws Exception {
    Manifest bundle = source.put(image(blob("{}"), blob("bundle")));
    source.referrers.put(index.digest(), List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, bundle.digest(),
        bundle.raw().length)));

    MirrorPlan plan = MirrorPlanner.plan(source, index, null, true, true);

    assertThat(plan.referrers()).extracting(Descriptor::digest).containsExactly(bundle.digest());
    MirrorPlan.PlannedManifest last = plan.manifests().get(plan.manifests().size() - 1);
    assertThat(last.referrer()).isTrue();
    assertThat(last.tags()).isEmpty();
    assertThat(plan.manifests().get(2).tags()).as("digest-only copy").isEmpty();
    assertThat(MirrorPlanner.plan(source, index, null, true, false).referrers()).isEmpty();
  }

  @Test
  void aSinglePlatformImageIsItsOwnSubject() throws Exception {
    MirrorPlan plan = MirrorPlanner.plan(source, amd64, "x", true, true);
    assertThat(plan.manifests()).hasSize(1);
    assertThat(plan.blobs()).hasSize(3);
  }

  @Test
  void aChildMissingAtTheSourceStopsThePlan() throws Exception {
    Manifest orphan = Manifest.parse(indexJson(List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, blob("gone").digest(), 10))),
        MediaTypes.OCI_INDEX, "test");
    assertThatThrownBy(() -> MirrorPlanner.plan(source, orphan, "t", true, true))
        .isInstanceOf(RegistryException.class).hasMessageContaining("is missing");
  }

  static Descriptor blob(String content) {
    return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.of(content.getBytes(StandardCharsets.UTF_8)), content.length());
  }

  static byte[] image(Descriptor config, Descriptor... layers) {
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":" + descriptor(Descriptor.of(MediaTypes.OCI_CONFIG, config.digest(), config.size())) + ",\"layers\":[");
    for (int i = 0; i < layers.length; i++) {
      json.append(i == 0 ? "" : ",").append(descriptor(layers[i]));
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] index(Manifest... children) {
    List<Descriptor> entries = new ArrayList<>();
    for (Manifest m : children) {
      entries.add(Descriptor.of(m.mediaType(), m.digest(), m.raw().length));
    }
    return indexJson(entries);
  }

  static byte[] indexJson(List<Descriptor> entries) {
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
        + "\",\"manifests\":[");
    for (int i = 0; i < entries.size(); i++) {
      json.append(i == 0 ? "" : ",").append(descriptor(entries.get(i)));
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static String descriptor(Descriptor d) {
    return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
  }

  /** Manifests by digest and tag, referrers by subject. */
  static final class InMemorySource implements ManifestSource {
    final Map<String, Manifest> manifests = new HashMap<>();
    final Map<Digest, List<Descriptor>> referrers = new HashMap<>();

    Manifest put(byte[] raw) {
      try {
        Manifest m = Manifest.parse(raw, null, "test");
        manifests.put(m.digest().toString(), m);
        return m;
      } catch (RegistryException e) {
        throw new IllegalStateException(e);
      }
    }

    void tag(String tag, Manifest m) {
      manifests.put(tag, m);
    }

    @Override
    public Optional<Manifest> manifest(String reference) {
      return Optional.ofNullable(manifests.get(reference));
    }

    @Override
    public List<Descriptor> referrers(Digest subject) {
      return referrers.getOrDefault(subject, List.of());
    }
  }
}
