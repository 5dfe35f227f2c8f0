package com.astromkey.domain.validation.rules;

/** The {@code --key=value} form of OneAgent installer arguments. */
final class OneAgentArgs {
  static final String SET_HOST_PROPERTY = "--set-host-property";
  static final String SET_HOST_TAG = "--set-host-tag";
  static final String SET_HOST_GROUP = "--set-host-group";
  static final String SET_HOST_ID_SOURCE = "--set-host-id-source";

  private OneAgentArgs() {}

  /** The text before the first '=', or the whole argument. */
  static String key(String arg) {
    int equals = arg.indexOf('=');
    return equals < 0 ? arg : arg.substring(0, equals);
  }

  /** The text after the first '=', or null when there is none. */
  static String value(String arg) {
    int equals = arg.indexOf('=');
    return equals < 0 ? null : arg.substring(equals + 1);
  }
}
