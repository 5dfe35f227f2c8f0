package com.astromkey.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The computed patch, applied by an independent RFC 6902 implementation, turns the source into the target. */
class JsonPatchesTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("annotation-added-to-missing-map", "{\"metadata\":{}}",
            "{\"metadata\":{\"annotations\":{\"oneagent.astromkey.com/injected\":\"true\"}}}",
            "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"oneagent.astromkey.com/injected\":\"true\"}}]"),
        Arguments.of("annotation-key-with-slash-and-tilde", "{\"a\":{}}", "{\"a\":{\"x/y~z\":\"1\"}}",
            "[{\"op\":\"add\",\"path\":\"/a/x~1y~0z\",\"value\":\"1\"}]"),
        Arguments.of("array-append", "{\"v\":[1,2]}", "{\"v\":[1,2,3]}", "[{\"op\":\"add\",\"path\":\"/v/2\",\"value\":3}]"),
        Arguments.of("array-element-changed-in-place", "{\"v\":[{\"n\":\"a\"},{\"n\":\"b\"}]}",
            "{\"v\":[{\"n\":\"a\"},{\"n\":\"b\",\"e\":[1]}]}", "[{\"op\":\"add\",\"path\":\"/v/1/e\",\"value\":[1]}]"),
        Arguments.of("array-shrunk", "{\"v\":[1,2,3]}", "{\"v\":[1]}",
            "[{\"op\":\"remove\",\"path\":\"/v/2\"},{\"op\":\"remove\",\"path\":\"/v/1\"}]"),
        Arguments.of("value-replaced-and-key-removed", "{\"a\":\"x\",\"b\":1}", "{\"a\":\"y\"}",
            "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":\"y\"},{\"op\":\"remove\",\"path\":\"/b\"}]"),
        Arguments.of("identical", "{\"a\":[1]}", "{\"a\":[1]}", "[]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void patchTurnsSourceIntoTarget(String scenario, String source, String target, String expectedPatch) throws Exception {
    JsonNode from = AdmissionReviews.JSON.readTree(source);
    JsonNode to = AdmissionReviews.JSON.readTree(target);

    AdmissionResponse response = AdmissionResponse.allowWithPatch(JsonPatches.diff(from, to));
    JsonNode patch = AdmissionReviews.JSON.readTree(AdmissionReviews.patchBytes(response));

    assertThat(patch).isEqualTo(AdmissionReviews.JSON.readTree(expectedPatch));
    assertThat(JsonPatch.apply(patch, from)).isEqualTo(to);
  }
}
