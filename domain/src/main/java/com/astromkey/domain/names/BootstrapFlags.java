package com.astromkey.domain.names;

/** Arguments of the injected init container: written by the webhook, parsed by {@code bootstrap} and code-modules images (bootstrap.md §1). */
public final class BootstrapFlags {
  public static final String MODE = "bootstrap";
  public static final String SOURCE = "--source";
  public static final String TARGET = "--target";
  public static final String WORK = "--work";
  public static final String INSTALL_PATH = "--install-path";
  public static final String CONFIG_DIRECTORY = "--config-directory";
  public static final String INPUT_DIRECTORY = "--input-directory";
  public static final String ATTRIBUTE_CONTAINER = "--attribute-container";
  public static final String ATTRIBUTE = "--attribute";
  public static final String SUPPRESS_ERROR = "--suppress-error";
  public static final String FULLSTACK = "--fullstack";
  public static final String TENANT = "--tenant";
  public static final String TECHNOLOGY = "--technology";
  public static final String URL = "--url";
  public static final String VERSION = "--version";
  public static final String FLAVOR = "--flavor";
  public static final String DEBUG = "--debug";
  public static final String TERMINATION_LOG = "--termination-log";

  private BootstrapFlags() {}

  /** {@code --flag=value}. */
  public static String withValue(String flag, String value) {
    return flag + "=" + value;
  }
}
