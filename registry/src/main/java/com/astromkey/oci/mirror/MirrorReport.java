package com.astromkey.oci.mirror;

import com.astromkey.oci.Digest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The one JSON line per image of registry.md §11 step 7. In dry-run, {@code uploaded}/{@code mounted} count what would be
 * written and {@code dryRun} is true.
 */
public record MirrorReport(String source, String destination, Digest digest, int manifests, int present, int mounted,
    int uploaded, long bytes, List<String> signatureTags, int referrers, Boolean verified, boolean dryRun) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public MirrorReport {
    signatureTags = List.copyOf(signatureTags);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", source);
    root.put("destination", destination);
    root.put("digest", digest.toString());
    root.put("manifests", manifests);
    ObjectNode blobs = root.putObject("blobs");
    blobs.put("present", present);
    blobs.put("mounted", mounted);
    blobs.put("uploaded", uploaded);
    blobs.put("bytes", bytes);
    signatureTags.forEach(root.putArray("signatureTags")::add);
    root.put("referrers", referrers);
    if (verified == null) {
      root.putNull("verified");
    } else {
      root.put("verified", verified);
    }
    if (dryRun) {
      root.put("dryRun", true);
    }
    return root.toString();
  }
}
