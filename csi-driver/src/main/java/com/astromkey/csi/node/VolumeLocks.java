package com.astromkey.csi.node;

import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** At most one operation per volume id at a time; a second one is ABORTED so the kubelet retries later (§3). */
public final class VolumeLocks {
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  /** A held lock; close it in try-with-resources. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  public Held acquire(String volumeId) {
    if (!busy.add(volumeId)) {
      throw Status.ABORTED.withDescription("an operation for volume " + volumeId + " is in progress").asRuntimeException();
    }
    return () -> busy.remove(volumeId);
  }
}
