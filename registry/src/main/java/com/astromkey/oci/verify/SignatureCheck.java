package com.astromkey.oci.verify;

/**
 * The outcome for one signature found: its format, the key that verified it (or null), valid or not, and the reason when
 * not ({@link #DIGEST_MISMATCH}, {@link #BAD_SIGNATURE}, {@link #NO_MATCHING_KEY}, {@link #WRONG_PAYLOAD_TYPE}).
 */
public record SignatureCheck(SignatureFormat format, String key, boolean valid, String reason) {

  public static final String DIGEST_MISMATCH = "digest mismatch";
  public static final String BAD_SIGNATURE = "bad signature";
  public static final String NO_MATCHING_KEY = "no matching key";
  public static final String WRONG_PAYLOAD_TYPE = "wrong payload type";

  public static SignatureCheck valid(SignatureFormat format, String key) {
    return new SignatureCheck(format, key, true, null);
  }

  public static SignatureCheck invalid(SignatureFormat format, String reason) {
    return new SignatureCheck(format, null, false, reason);
  }
}
