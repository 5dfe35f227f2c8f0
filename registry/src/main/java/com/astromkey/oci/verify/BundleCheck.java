package com.astromkey.oci.verify;

import com.astromkey.oci.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Checks a sigstore bundle v0.3 (§10.3 steps 3–5): a DSSE envelope over an in-toto statement, or a message signature. */
public final class BundleCheck {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA2_256 = "SHA2_256";

  private BundleCheck() {
  }

  public static SignatureCheck check(byte[] bundleBytes, Digest subject, List<TrustedKey> keys) {
    JsonNode bundle;
    try {
      bundle = JSON.readTree(bundleBytes);
    } catch (IOException e) {
      return invalid(SignatureCheck.BAD_SIGNATURE);
    }
    if (bundle == null || !bundle.isObject()) {
      return invalid(SignatureCheck.BAD_SIGNATURE);
    }
    if (bundle.has("dsseEnvelope")) {
      return dsse(bundle.get("dsseEnvelope"), subject, keys);
    }
    if (bundle.has("messageSignature")) {
      return messageSignature(bundle.get("messageSignature"), subject, keys);
    }
    return invalid(SignatureCheck.WRONG_PAYLOAD_TYPE);
  }

  /** DSSE pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(head, head.length + payload.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  private static SignatureCheck dsse(JsonNode envelope, Digest subject, List<TrustedKey> keys) {
    if (!CosignArtifacts.IN_TOTO_PAYLOAD_TYPE.equals(envelope.path("payloadType").asText(null))) {
      return invalid(SignatureCheck.WRONG_PAYLOAD_TYPE);
    }
    byte[] payload;
    JsonNode statement;
    try {
      payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
      statement = JSON.readTree(payload);
    } catch (IllegalArgumentException | IOException e) {
      return invalid(SignatureCheck.WRONG_PAYLOAD_TYPE);
    }
    if (statement == null || !CosignArtifacts.SIGN_PREDICATE_TYPE.equals(statement.path("predicateType").asText(null))) {
      return invalid(SignatureCheck.WRONG_PAYLOAD_TYPE);
    }
    boolean names = false;
    for (JsonNode s : statement.path("subject")) {
      names |= subject.hex().equalsIgnoreCase(s.path("digest").path("sha256").asText(""));
    }
    if (!names) {
      return invalid(SignatureCheck.DIGEST_MISMATCH);
    }
    byte[] pae = pae(CosignArtifacts.IN_TOTO_PAYLOAD_TYPE, payload);
    boolean wellFormed = false;
    for (JsonNode sig : envelope.path("signatures")) {
      try {
        Optional<TrustedKey> signer = Ecdsa.findSigner(keys, pae, sig.path("sig").asText(null), Ecdsa.Input.MESSAGE);
        if (signer.isPresent()) {
          return SignatureCheck.valid(SignatureFormat.BUNDLE, signer.get().name());
        }
        wellFormed = true;
      } catch (Ecdsa.MalformedSignatureException e) {
        // another entry of the envelope may still be valid
      }
    }
    return invalid(wellFormed ? SignatureCheck.NO_MATCHING_KEY : SignatureCheck.BAD_SIGNATURE);
  }

  private static SignatureCheck messageSignature(JsonNode ms, Digest subject, List<TrustedKey> keys) {
    JsonNode md = ms.path("messageDigest");
    if (!SHA2_256.equals(md.path("algorithm").asText(null))) {
      return invalid(SignatureCheck.WRONG_PAYLOAD_TYPE);
    }
    byte[] expected = HexFormat.of().parseHex(subject.hex());
    byte[] named;
    try {
      named = Base64.getDecoder().decode(md.path("digest").asText(""));
    } catch (IllegalArgumentException e) {
      return invalid(SignatureCheck.DIGEST_MISMATCH);
    }
    if (!Arrays.equals(expected, named)) {
      return invalid(SignatureCheck.DIGEST_MISMATCH);
    }
    try {
      return Ecdsa.findSigner(keys, expected, ms.path("signature").asText(null), Ecdsa.Input.SHA256_DIGEST)
          .map(k -> SignatureCheck.valid(SignatureFormat.BUNDLE, k.name()))
          .orElse(invalid(SignatureCheck.NO_MATCHING_KEY));
    } catch (Ecdsa.MalformedSignatureException e) {
      return invalid(SignatureCheck.BAD_SIGNATURE);
    }
  }

  private static SignatureCheck invalid(String reason) {
    return SignatureCheck.invalid(SignatureFormat.BUNDLE, reason);
  }
}
