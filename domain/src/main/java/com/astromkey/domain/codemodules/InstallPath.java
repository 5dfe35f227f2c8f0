package com.astromkey.domain.codemodules;

import com.astromkey.domain.names.PathNames;
import java.util.Optional;

/**
 * The one rule for the directory where application containers see the code modules (bootstrap.md §1 {@code --install-path},
 * webhook.md §3 row 9): the webhook does not inject with a path the bootstrap would refuse.
 */
public final class InstallPath {
  public static final String DEFAULT = PathNames.DEFAULT_INSTALL_PATH;

  private InstallPath() {}

  /** Why {@code path} is not a usable install path, or empty when it is: absolute, clean, no whitespace, ',', ':' or NUL. */
  public static Optional<String> problem(String path) {
    if (path == null || !path.startsWith("/")) {
      return Optional.of("must be absolute");
    }
    if (path.equals("/")) {
      // code modules cannot be mounted over the container's root
      return Optional.of("must not be the root directory");
    }
    // such characters would split LD_PRELOAD or the ld.so.preload line
    if (path.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == ':' || c == 0)) {
      return Optional.of("must not contain whitespace, ',', ':' or NUL");
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return Optional.of("must be a clean path (no '.', '..', '//' or trailing '/')");
      }
    }
    return Optional.empty();
  }

  public static boolean isValid(String path) {
    return problem(path).isEmpty();
  }

  /** {@code <installPath>/agent/lib64/liboneagentproc.so}, the library of {@code LD_PRELOAD} and {@code ld.so.preload}. */
  public static String library(String installPath) {
    return installPath + "/" + PathNames.AGENT_LIBRARY;
  }
}
