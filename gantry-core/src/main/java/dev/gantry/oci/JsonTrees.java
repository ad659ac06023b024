package dev.gantry.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A JSON tree of one value read from a {@link JsonCursor}, for the one record field that is a
 * tree ({@code Healthcheck}): made with the node factory alone, never the mapper, and apart from
 * {@link OciJsonReader} so that reading a config without that field loads no tree classes.
 */
final class JsonTrees {
    private JsonTrees() {
    }

    /**
     * The current value as a tree; null for JSON null, as every other field reads it (the mapper
     * made a NullNode here, which a config diff would tell from an absent field).
     */
    static JsonNode read(JsonCursor c) {
        try {
            JsonParser p = c.parser();
            return switch (p.currentToken()) {
                case VALUE_NULL -> null;
                default -> node(p);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode node(JsonParser p) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = f.objectNode();
                while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    object.set(name, node(p));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = f.arrayNode();
                while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                    array.add(node(p));
                }
                yield array;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> f.numberNode(p.getIntValue());
                case LONG -> f.numberNode(p.getLongValue());
                default -> f.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> f.booleanNode(true);
            case VALUE_FALSE -> f.booleanNode(false);
            default -> f.nullNode();
        };
    }
}
