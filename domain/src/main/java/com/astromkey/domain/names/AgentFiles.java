package com.astromkey.domain.names;

/** File names of the agent contract (README §5.1) as the bootstrap writes them and the agents read them. */
public final class AgentFiles {
  /** Relative to the code-modules root. */
  public static final String AGENT_LIBRARY = PathNames.AGENT_LIBRARY;
  /** Relative to the code-modules root: the image's own process config, the base of the per-container one. */
  public static final String AGENT_PROC_CONF = "agent/conf/akagentproc.conf";
  /** Relative to the code-modules root; lists the files of each technology (bootstrap.md §2.3). */
  public static final String MANIFEST = "manifest.json";
  /** Relative to the code-modules root: symlink to {@code .} that some images carry. */
  public static final String CURRENT_LINK = "current";

  /** Relative to a container's directory in the config volume (mounted at {@link PathNames#CONTAINER_STATE_DIR}). */
  public static final String CONTAINER_AGENT_DIR = "oneagent/agent";
  public static final String CONFIG_DIR = "config";
  public static final String CUSTOMKEYS_DIR = "customkeys";

  public static final String AKAGENTPROC_CONF = "akagentproc.conf";
  public static final String CONTAINER_CONF = "container.conf";
  public static final String CURL_OPTIONS_CONF = "curl_options.conf";
  public static final String CUSTOM_PEM = "custom.pem";
  public static final String CUSTOM_PROXY_PEM = "custom_proxy.pem";

  private AgentFiles() {}
}
