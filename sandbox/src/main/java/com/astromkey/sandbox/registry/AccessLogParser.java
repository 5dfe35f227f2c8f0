package com.astromkey.sandbox.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the registry's JSON debug log into one {@link AccessLogEntry} per request, correlating lines by
 * {@code http.request.id}: the status comes from "response completed[ with error]" (or 401 for "error authorizing context"),
 * the user from any line of the request carrying {@code auth.user.name} (the completion line itself lacks it).
 */
final class AccessLogParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessLogParser() {}

    static List<AccessLogEntry> parse(List<String> lines) {
        Map<String, String> userByRequest = new HashMap<>();
        Map<String, AccessLogEntry> done = new LinkedHashMap<>();
        for (String line : lines) {
            boolean hasUser = line.contains("\"auth.user.name\"");
            boolean completed = line.contains("\"msg\":\"response completed");
            boolean denied = line.contains("\"msg\":\"error authorizing context");
            if (!line.startsWith("{") || !(hasUser || completed || denied)) {
                continue;
            }
            JsonNode j;
            try {
                j = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            String id = j.path("http.request.id").asText(null);
            if (id == null) {
                continue;
            }
            if (hasUser) {
                userByRequest.putIfAbsent(id, j.path("auth.user.name").asText());
            }
            if ((completed || denied) && !done.containsKey(id)) {
                int status = completed ? j.path("http.response.status").asInt(0) : 401;
                Instant time = Instant.parse(j.path("time").asText(Instant.EPOCH.toString()));
                done.put(id, new AccessLogEntry(time, id, j.path("http.request.method").asText(),
                        j.path("http.request.uri").asText(), status, null));
            }
        }
        List<AccessLogEntry> out = new ArrayList<>(done.size());
        for (AccessLogEntry e : done.values()) {
            out.add(new AccessLogEntry(e.time(), e.requestId(), e.method(), e.uri(), e.status(), userByRequest.get(e.requestId())));
        }
        return List.copyOf(out);
    }
}
