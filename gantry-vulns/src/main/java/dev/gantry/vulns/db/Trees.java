package dev.gantry.vulns.db;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.gantry.oci.Json;

import java.io.IOException;

/** One JSON value out of a stream that goes on: the shared mapper refuses trailing tokens, a stream has them. */
final class Trees {
    private static final ObjectReader READER = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Trees() {
    }

    /** The value starting at the parser's current token, as a tree; the parser stays on its last token. */
    static JsonNode read(JsonParser parser) throws IOException {
        return READER.readTree(parser);
    }
}
