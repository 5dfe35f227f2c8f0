package com.astromkey.operator.signature;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.verify.VerificationResult;
import java.security.PublicKey;
import java.util.List;

/** The registry side of the code-modules signature check, behind an interface so unit tests can use a fake. */
public interface ImageVerifier {

  /** Never throws for registry trouble: that is a {@code VerificationError} result. */
  VerificationResult verify(ImageReference image, List<PublicKey> keys, RegistryAccess access);
}
