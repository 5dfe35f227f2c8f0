package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which image and version a component runs and where that decision came from (api-dynakube-v1beta5.md §5). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VersionStatus {
  @JsonPropertyDescription("Where the image came from: tenant-registry, custom-image or custom-version.")
  private String source;

  @JsonPropertyDescription("The image reference the component runs; for custom-image the spec value verbatim.")
  private String imageID;

  @JsonPropertyDescription("The resolved version; the literal custom-image when the image was set in the spec.")
  private String version;

  @JsonPropertyDescription("Image type; always empty in this release.")
  private String type;

  @JsonPropertyDescription("When the version was last looked up.")
  private String lastProbeTimestamp;

  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getImageID() { return imageID; }
  public void setImageID(String imageID) { this.imageID = imageID; }
  public String getVersion() { return version; }
  public void setVersion(String version) { this.version = version; }
  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public String getLastProbeTimestamp() { return lastProbeTimestamp; }
  public void setLastProbeTimestamp(String lastProbeTimestamp) { this.lastProbeTimestamp = lastProbeTimestamp; }
}
