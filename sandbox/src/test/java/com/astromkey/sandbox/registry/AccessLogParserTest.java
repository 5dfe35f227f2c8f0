package com.astromkey.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogParserTest {

    // lines as docker-registry 2.8.2 writes them with log.level=debug and formatter=json (trimmed)
    static final List<String> LOG = List.of(
            "{\"level\":\"info\",\"msg\":\"listening on 127.0.0.1:5599\",\"time\":\"2026-11-27T07:01:45.47Z\"}",
            "{\"http.request.id\":\"a\",\"http.request.method\":\"GET\",\"http.request.uri\":\"/v2/\",\"level\":\"warning\","
                    + "\"msg\":\"error authorizing context: basic authentication challenge\",\"time\":\"2026-11-27T07:01:45.99Z\"}",
            "{\"http.request.id\":\"b\",\"http.request.method\":\"GET\",\"http.request.uri\":\"/v2/x/blobs/sha256:2c\","
                    + "\"level\":\"info\",\"msg\":\"authorized request\",\"time\":\"2026-11-27T07:01:46.00Z\"}",
            "{\"auth.user.name\":\"u\",\"http.request.id\":\"b\",\"http.request.method\":\"GET\",\"http.request.uri\":\"/v2/x/blobs/sha256:2c\","
                    + "\"level\":\"debug\",\"msg\":\"GetBlob\",\"time\":\"2026-11-27T07:01:46.01Z\"}",
            "{\"http.request.id\":\"b\",\"http.request.method\":\"GET\",\"http.request.uri\":\"/v2/x/blobs/sha256:2c\","
                    + "\"http.response.status\":200,\"level\":\"info\",\"msg\":\"response completed\",\"time\":\"2026-11-27T07:01:46.02Z\"}",
            "{\"auth.user.name\":\"u\",\"err.code\":\"manifest unknown\",\"http.request.id\":\"c\",\"http.request.method\":\"HEAD\","
                    + "\"http.request.uri\":\"/v2/x/manifests/latest?x=1\",\"http.response.status\":404,\"level\":\"error\","
                    + "\"msg\":\"response completed with error\",\"time\":\"2026-11-27T07:01:46.03Z\"}",
            "{\"http.request.id\":\"d\",\"http.request.method\":\"GET\",\"http.request.uri\":\"/v2/\",\"http.response.status\":200,"
                    + "\"msg\":\"response comp");

    @Test
    void correlatesStatusAndUserByRequestId() {
        List<AccessLogEntry> entries = AccessLogParser.parse(LOG);

        assertThat(entries).extracting(AccessLogEntry::method, AccessLogEntry::path, AccessLogEntry::status, AccessLogEntry::user)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET", "/v2/", 401, null),
                        org.assertj.core.groups.Tuple.tuple("GET", "/v2/x/blobs/sha256:2c", 200, "u"),
                        org.assertj.core.groups.Tuple.tuple("HEAD", "/v2/x/manifests/latest", 404, "u"));
        assertThat(entries.get(1).isBlob()).isTrue();
        assertThat(entries.get(2).isManifest()).isTrue();
        assertThat(entries.get(2).uri()).endsWith("?x=1");
    }
}
