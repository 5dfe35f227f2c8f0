package com.astromkey.webhook.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads {@code admission.k8s.io/v1} AdmissionReview requests and writes the matching responses. */
public final class AdmissionReviews {
  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";
  public static final String PATCH_TYPE = "JSONPatch";

  /** Shared mapper for Kubernetes model objects: unknown fields are kept by the models, never fatal. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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

  public static byte[] write(String uid, AdmissionResponse response) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", API_VERSION);
    root.put("kind", KIND);
    ObjectNode body = root.putObject("response");
    body.put("uid", uid);
    body.put("allowed", response.allowed());
    if (!response.patch().isEmpty()) {
      body.put("patchType", PATCH_TYPE);
      body.put("patch", Base64.getEncoder().encodeToString(patchBytes(response)));
    }
    if (response.statusCode() != null) {
      ObjectNode status = body.putObject("status");
      status.put("status", response.allowed() ? "Success" : "Failure");
      status.put("code", response.statusCode());
      status.put("reason", response.statusReason());
      status.put("message", response.statusMessage());
    }
    if (!response.warnings().isEmpty()) {
      ArrayNode warnings = body.putArray("warnings");
      response.warnings().forEach(warnings::add);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain JSON nodes always serialises", e);
    }
  }

  /** The patch as the JSON array that is base64-encoded into {@code response.patch}. */
  public static byte[] patchBytes(AdmissionResponse response) {
    ArrayNode ops = JSON.createArrayNode();
    for (PatchOperation op : response.patch()) {
      ObjectNode node = ops.addObject();
      node.put("op", op.op());
      node.put("path", op.path());
      if (op.value() != null) {
        node.set("value", op.value());
      }
    }
    return ops.toString().getBytes(StandardCharsets.UTF_8);
  }
}
