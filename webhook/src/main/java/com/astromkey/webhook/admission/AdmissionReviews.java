package com.astromkey.webhook.admission;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/** Reads {@code admission.k8s.io/v1} AdmissionReview requests and writes the matching responses. */
public final class AdmissionReviews {
  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";
  public static final String PATCH_TYPE = "JSONPatch";

  /**
   * Shared mapper for Kubernetes model objects: unknown fields are kept by the models, never fatal. Blackbird replaces reflective
   * getter and setter calls, which were a tenth of a mutated pod's answer (docs/performance.md).
   */
  public static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .registerModule(new BlackbirdModule());

  // One writer call for the whole array: a call per operation set up serialisation state each time.
  private static final ObjectWriter PATCH = JSON.writerFor(new TypeReference<List<PatchOperation>>() { });

  private AdmissionReviews() {}

  /** A request that is not a v1 AdmissionReview with a request and a uid; answered with HTTP 400. */
  public static final class BadReviewException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadReviewException(String message) {
      super(message);
    }
  }

  public static AdmissionRequest parse(byte[] body) throws BadReviewException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadReviewException("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new BadReviewException("body is not a JSON object");
    }
    if (!API_VERSION.equals(root.path("apiVersion").asText()) || !KIND.equals(root.path("kind").asText())) {
      throw new BadReviewException("expected apiVersion " + API_VERSION + " and kind " + KIND + ", got '"
          + root.path("apiVersion").asText() + "' '" + root.path("kind").asText() + "'");
    }
    JsonNode request = root.get("request");
    if (request == null || !request.isObject() || request.path("uid").asText().isEmpty()) {
      throw new BadReviewException("request or request.uid is missing");
    }
    return new AdmissionRequest(
        request.path("uid").asText(),
        request.path("kind").path("kind").asText(),
        request.path("operation").asText(),
        request.path("namespace").asText(""),
        request.path("name").asText(""),
        request.path("userInfo").path("username").asText(""),
        request.path("dryRun").asBoolean(false),
        request.get("object"),
        request.get("oldObject"));
  }

  // Written with one generator pass: building a tree, then a patch string, then its base64 string cost a noticeable share of a
  // mutated pod's answer (docs/performance.md).
  public static byte[] write(String uid, AdmissionResponse response) {
    // Standard base64 with padding and no line breaks, as the API server expects; the JDK's encoder is intrinsified, and its
    // output never needs JSON escaping.
    byte[] patch = response.patch().isEmpty() ? null : Base64.getEncoder().encode(patchBytes(response));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (patch == null ? 0 : patch.length));
    try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("apiVersion", API_VERSION);
      json.writeStringField("kind", KIND);
      json.writeObjectFieldStart("response");
      json.writeStringField("uid", uid);
      json.writeBooleanField("allowed", response.allowed());
      if (patch != null) {
        json.writeStringField("patchType", PATCH_TYPE);
        json.writeFieldName("patch");
        json.writeRawUTF8String(patch, 0, patch.length);
      }
      if (response.statusCode() != null) {
        json.writeObjectFieldStart("status");
        json.writeStringField("status", response.allowed() ? "Success" : "Failure");
        json.writeNumberField("code", response.statusCode());
        json.writeStringField("reason", response.statusReason());
        json.writeStringField("message", response.statusMessage());
        json.writeEndObject();
      }
      if (!response.warnings().isEmpty()) {
        json.writeArrayFieldStart("warnings");
        for (String warning : response.warnings()) {
          json.writeString(warning);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory does not fail", e);
    }
    return out.toByteArray();
  }

  /** The patch as the JSON array that is base64-encoded into {@code response.patch}. */
  public static byte[] patchBytes(AdmissionResponse response) {
    try {
      return PATCH.writeValueAsBytes(response.patch());
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory does not fail", e);
    }
  }

}
