package com.astromkey.webhook.pod;

import com.astromkey.domain.names.Annotations;
import com.astromkey.domain.names.PathNames;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** The directory where application containers see the code modules (pod annotation, default /opt/astromkey/oneagent-paas). */
public final class InstallPath {
  private InstallPath() {}

  public static String of(Pod pod) {
    Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(Annotations.ONEAGENT_INSTALL_PATH);
    return value == null ? PathNames.DEFAULT_INSTALL_PATH : value;
  }

  /** Absolute, clean (no empty, '.' or '..' segment, no trailing '/'), without whitespace, ',', ':' or NUL (bootstrap.md §1). */
  public static boolean isValid(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.equals("/")) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (Character.isWhitespace(c) || c == ',' || c == ':' || c == '\0') {
        return false;
      }
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** {@code <installPath>/agent/lib64/liboneagentproc.so}. */
  public static String library(String installPath) {
    return installPath + "/" + PathNames.AGENT_LIBRARY;
  }
}
