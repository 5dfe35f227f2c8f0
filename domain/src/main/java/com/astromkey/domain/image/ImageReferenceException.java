package com.astromkey.domain.image;

/** A text that does not follow the image reference grammar; the message is the parser detail of registry.md §1. */
public final class ImageReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ImageReferenceException(String detail) {
    super(detail);
  }
}
