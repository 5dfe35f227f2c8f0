package com.astromkey.csi.layout;

import java.io.IOException;

/** An installed tree lacks the agent library, so it is not code modules (event reason InvalidCodeModulesImage). */
public class InvalidCodeModulesException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidCodeModulesException(String message) {
    super(message);
  }
}
