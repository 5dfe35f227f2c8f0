package com.astromkey.oci.keychain;

import java.util.Map;
import java.util.Objects;

/**
 * A Kubernetes pull secret as plain data, so this module needs no Kubernetes client; {@code type == null} means the
 * secret does not exist (callers adapt their client's Secret with {@link #of} or {@link #missing}).
 */
public record PullSecret(String name, String type, Map<String, byte[]> data) {

  public static final String TYPE_DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
  public static final String TYPE_DOCKERCFG = "kubernetes.io/dockercfg";
  public static final String KEY_DOCKER_CONFIG_JSON = ".dockerconfigjson";

  public PullSecret {
    Objects.requireNonNull(name, "name");
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  public static PullSecret of(String name, String type, Map<String, byte[]> data) {
    return new PullSecret(name, type == null ? "Opaque" : type, data);
  }

  public static PullSecret missing(String name) {
    return new PullSecret(name, null, Map.of());
  }

  public boolean exists() {
    return type != null;
  }

  @Override
  public String toString() {
    return "PullSecret[" + name + ", " + (exists() ? type : "missing") + ", keys=" + data.keySet() + "]";
  }
}
