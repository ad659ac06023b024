package dev.gantry.transport.daemon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the daemon says in its JSON answers: an error body ({@code {"message": ...}}, as both
 * dockerd and podman write it), and the progress stream of {@code POST /images/load}, one object
 * per line: {@code {"stream": "Loaded image: ..."}} or {@code {"error": ..., "errorDetail": {...}}},
 * which dockerd sends with status 200 when a load fails half-way.
 *
 * @param messages the {@code stream} lines, trimmed, in order
 * @param error    the first {@code error} (or top-level {@code message}), or null
 */
record DaemonAnswers(List<String> messages, String error) {
    /** The most of an answer read into memory; the daemon's own answers are a few hundred bytes. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    static DaemonAnswers parse(byte[] body) {
        List<String> messages = new ArrayList<>();
        String error = null;
        try (JsonParser parser = Json.parser(body)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        String field = parser.currentName();
                        if (depth == 1 && parser.nextToken() == JsonToken.VALUE_STRING) {
                            String value = parser.getText().strip();
                            if (field.equals("stream") && !value.isEmpty()) {
                                messages.add(value);
                            } else if ((field.equals("error") || field.equals("message")) && error == null) {
                                error = value;
                            }
                        } else if (parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY) {
                            depth++;
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON (a proxy's HTML page, a truncated answer): its text is the best there is.
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
            return new DaemonAnswers(messages, error != null ? error : text.isEmpty() ? null : text.replaceAll("\\s+", " "));
        }
        return new DaemonAnswers(List.copyOf(messages), error);
    }
}
