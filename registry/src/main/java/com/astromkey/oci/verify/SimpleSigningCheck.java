package com.astromkey.oci.verify;

import com.astromkey.oci.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Checks one legacy signature: the simplesigning payload (§10.2 step 3) and the ECDSA signature over its bytes (step 4). */
public final class SimpleSigningCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SimpleSigningCheck() {
  }

  public static SignatureCheck check(byte[] payload, String base64Signature, Digest subject, List<TrustedKey> keys) {
    Optional<String> payloadProblem = payloadProblem(payload, subject);
    if (payloadProblem.isPresent()) {
      return SignatureCheck.invalid(SignatureFormat.LEGACY, payloadProblem.get());
    }
    try {
      return Ecdsa.findSigner(keys, payload, base64Signature, Ecdsa.Input.MESSAGE)
          .map(k -> SignatureCheck.valid(SignatureFormat.LEGACY, k.name()))
          .orElse(SignatureCheck.invalid(SignatureFormat.LEGACY, SignatureCheck.NO_MATCHING_KEY));
    } catch (Ecdsa.MalformedSignatureException e) {
      return SignatureCheck.invalid(SignatureFormat.LEGACY, SignatureCheck.BAD_SIGNATURE);
    }
  }

  /**
   * Empty when the payload is a cosign signature payload naming {@code subject}; {@code docker-reference} is deliberately
   * not compared, so mirrored copies keep verifying.
   */
  static Optional<String> payloadProblem(byte[] payload, Digest subject) {
    JsonNode critical;
    try {
      critical = JSON.readTree(payload).path("critical");
    } catch (IOException | RuntimeException e) {
      return Optional.of(SignatureCheck.WRONG_PAYLOAD_TYPE);
    }
    if (!CosignArtifacts.COSIGN_PAYLOAD_TYPE.equals(critical.path("type").asText(null))) {
      return Optional.of(SignatureCheck.WRONG_PAYLOAD_TYPE);
    }
    // old signers wrote "Docker-manifest-digest": the key is matched without regard to case
    String named = null;
    for (Map.Entry<String, JsonNode> e : critical.path("image").properties()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals("docker-manifest-digest") && e.getValue().isTextual()) {
        named = e.getValue().asText();
      }
    }
    if (named == null || !named.equalsIgnoreCase(subject.toString())) {
      return Optional.of(SignatureCheck.DIGEST_MISMATCH);
    }
    return Optional.empty();
  }
}
