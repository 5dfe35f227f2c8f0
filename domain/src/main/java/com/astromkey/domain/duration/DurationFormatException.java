package com.astromkey.domain.duration;

/** A text that is not a duration of the {@code 1h30m} / {@code 500ms} syntax. */
public final class DurationFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DurationFormatException(String message) {
    super(message);
  }
}
