package com.astromkey.csi.provisioner;

/** Events the provisioner records on a DynaKube (csi-driver.md §9); every message starts with {@code node <node>:}. */
public interface DynaKubeEvents {
  void normal(String dynakube, String reason, String message);

  void warning(String dynakube, String reason, String message);
}
