package com.astromkey.operator.testing;

import com.astromkey.domain.image.ImageReference;
import com.astromkey.oci.Digest;
import com.astromkey.oci.verify.VerificationResult;
import com.astromkey.oci.verify.VerificationState;
import com.astromkey.operator.signature.ImageVerifier;
import com.astromkey.operator.signature.RegistryAccess;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** A verifier that answers what the test set and remembers what it was asked. */
public final class FakeImageVerifier implements ImageVerifier {
  public static final String DIGEST = "sha256:" + "ab".repeat(32);

  public final List<ImageReference> images = new ArrayList<>();
  public final List<RegistryAccess> accesses = new ArrayList<>();
  private VerificationResult answer = result(VerificationState.Verified, "signed by key a.pub (legacy)");

  public static VerificationResult result(VerificationState state, String message) {
    return new VerificationResult(state, state == VerificationState.VerificationError ? null : Digest.parse(DIGEST), message,
        List.of());
  }

  public void answer(VerificationState state, String message) {
    answer = result(state, message);
  }

  public int calls() {
    return images.size();
  }

  @Override
  public VerificationResult verify(ImageReference image, List<PublicKey> keys, RegistryAccess access) {
    images.add(image);
    accesses.add(access);
    return answer;
  }
}
