package com.astromkey.oci.extract;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * commons-compress buffers PAX headers and GNU long names in memory while parsing them; this refuses oversized ones
 * before they are read, so a crafted header cannot exhaust the heap.
 */
final class GuardedTarInputStream extends TarArchiveInputStream {

  static final long MAX_METADATA_BYTES = 64 * 1024;

  private final String layerDigest;

  GuardedTarInputStream(InputStream in, String layerDigest) {
    super(in);
    this.layerDigest = layerDigest;
  }

  @Override
  public int read(byte[] buf, int offset, int numToRead) throws IOException {
    TarArchiveEntry current = getCurrentEntry();
    if (current != null && current.getSize() > MAX_METADATA_BYTES && (current.isPaxHeader()
        || current.isGlobalPaxHeader() || current.isGNULongNameEntry() || current.isGNULongLinkEntry())) {
      throw new UnsafeLayerEntryException(layerDigest, current.getName(), ExtractionRules.METADATA_TOO_LARGE,
          current.getSize() + " bytes of header metadata");
    }
    return super.read(buf, offset, numToRead);
  }
}
