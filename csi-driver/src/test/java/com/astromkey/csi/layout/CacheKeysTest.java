package com.astromkey.csi.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.astromkey.domain.names.ObjectNames;
import java.time.Instant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache keys, Job names and resolved.json of §6. */
class CacheKeysTest {
  @Test
  void digestKeysReplaceTheColon() {
    String hex = "0123456789abcdef".repeat(4);
    assertThat(CacheKeys.forDigest("sha256:" + hex)).isEqualTo("sha256-" + hex);
    assertThat(DataLayout.isValidKey(CacheKeys.forDigest("sha256:" + hex))).isTrue();
    assertThatThrownBy(() -> CacheKeys.forDigest("sha256:abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheKeys.forDigest("sha512:" + hex + hex)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void referenceKeysAreShortHashes() {
    String expected = "ref-" + CacheKeys.sha256Hex("registry.example.com/codemodules:1.2.3").substring(0, 16);
    assertThat(CacheKeys.forReference("registry.example.com/codemodules:1.2.3")).isEqualTo(expected).hasSize(20);
    assertThat(CacheKeys.forReference("a")).isNotEqualTo(CacheKeys.forReference("b"));
    assertThat(CacheKeys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void versionKeysMustBePathSafe() {
    assertThat(CacheKeys.forVersion("1.299.0.20240101-120000")).isEqualTo("1.299.0.20240101-120000");
    assertThatThrownBy(() -> CacheKeys.forVersion("../1.2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheKeys.forVersion("1/2")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jobNameHashesImageAndNode() {
    String name = ObjectNames.nodeImagePullJobName("registry.example.com/cm:1", "node-a");
    assertThat(name).startsWith(DataLayout.JOB_DIR_PREFIX).hasSize("codemodule-download-".length() + 10);
    assertThat(name).isEqualTo("codemodule-download-" + CacheKeys.sha256Hex("registry.example.com/cm:1node-a").substring(0, 10));
  }

  @Test
  void resolvedReferenceRoundTrips(@TempDir Path tmp) throws Exception {
    CodeModuleCache cache = new CodeModuleCache(new DataLayout(tmp), java.time.Clock.systemUTC());
    ResolvedReference r = new ResolvedReference("registry.example.com/cm:1", "sha256:" + "a".repeat(64), "sha256-" + "b".repeat(64),
        Instant.parse("2026-11-27T07:00:00Z"));
    assertThat(cache.resolved("dk")).isEmpty();
    cache.writeResolved("dk", r);
    assertThat(cache.resolved("dk")).contains(r);
  }
}
