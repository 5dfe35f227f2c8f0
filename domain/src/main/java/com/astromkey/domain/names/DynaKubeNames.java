package com.astromkey.domain.names;

import java.util.regex.Pattern;

/** The rule a DynaKube name follows wherever it is read back (admission, CSI volume attributes, data-dir paths). */
public final class DynaKubeNames {
  /** The name prefixes generated object names, hence shorter than a DNS label (api-dynakube §7). */
  public static final int MAX_LENGTH = 40;
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  private DynaKubeNames() {}

  /** Lower-case letters, digits and '-', starting with a letter and ending with a letter or digit. */
  public static boolean isDns1035Label(String name) {
    return name != null && DNS_1035_LABEL.matcher(name).matches();
  }

  /** A DNS-1035 label of at most {@link #MAX_LENGTH} characters. */
  public static boolean isValid(String name) {
    return name != null && name.length() <= MAX_LENGTH && isDns1035Label(name);
  }
}
