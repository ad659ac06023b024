package dev.gantry.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Jackson's streaming parser, read value by value by hand-written readers, with what they need
 * to report in the document's terms: the path of the value being read ("layers[0].digest") and
 * the first value of the wrong kind or a refused one (a malformed digest). Such a problem is
 * remembered, the value skipped, and reading goes on, so that a syntax error anywhere in the
 * document (duplicate keys, nesting, trailing content) is still found first and a caller with
 * checks of its own (the manifest gate) decides when the problem is reported.
 *
 * <p>Readers call the typed methods with the parser on the value's first token. {@code null}
 * reads as absent everywhere, as in Go's encoding/json; anything else of the wrong kind is a
 * problem: there is no coercion ({@code "10"} is not a number, {@code 5} not a string).
 * Start-up matters here: the short commands read every document through this class, without
 * building Jackson's ObjectMapper.
 */
public final class JsonCursor {
    private final JsonParser parser;
    private Problem problem;

    /** A value of the wrong kind ({@code refused} null) or one a type refused, at {@code path}. */
    private record Problem(String path, String message, GantryException refused) {
    }

    private JsonCursor(JsonParser parser) {
        this.parser = parser;
    }

    /**
     * Reads the one JSON document in {@code bytes} with {@code root}, called on its first token.
     * Errors name {@code what} (the document) and, when not null, {@code type} (what it should be,
     * "ImageConfig"): invalid JSON, a second document after the first, or the first problem found.
     *
     * @param bytes the document
     * @param what  the document, for errors ("manifest sha256:... in oci:dir")
     * @param type  what it should be, for errors; null to leave it out
     * @param root  the reader of the document's value
     * @param <T>   what {@code root} makes
     * @return what {@code root} made
     * @throws InvalidInputException for invalid JSON or a value of the wrong kind;
     *                               {@link UnsupportedFormatException} for a value a type refused so
     */
    public static <T> T read(byte[] bytes, String what, String type, Function<JsonCursor, T> root) {
        try (JsonParser parser = Json.parser(bytes)) {
            JsonCursor cursor = new JsonCursor(parser);
            if (parser.nextToken() == null) {
                throw new InvalidInputException(what + " is not valid JSON" + forType(type) + ": the document is empty");
            }
            T value = root.apply(cursor);
            cursor.requireEnd(what, type);
            cursor.throwProblem(what, type);
            return value;
        } catch (JsonProcessingException e) {
            throw syntax(e, what, type);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof JsonProcessingException syntax) {
                throw syntax(syntax, what, type);
            }
            if (e.getCause() instanceof java.io.CharConversionException undecodable) {
                throw Json.undecodable(what, undecodable);
            }
            throw e;
        } catch (java.io.CharConversionException e) {
            throw Json.undecodable(what, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvalidInputException syntax(JsonProcessingException e, String what, String type) {
        return new InvalidInputException(what + " is not valid JSON" + forType(type) + ": " + e.getOriginalMessage(), e);
    }

    private static String forType(String type) {
        return type == null ? "" : " for " + type;
    }

    /** One document per blob, as Go's json.Unmarshal insists: "{..}{..}" is not a manifest. */
    private void requireEnd(String what, String type) throws IOException {
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw new InvalidInputException(what + " is not valid JSON" + forType(type)
                    + ": more content after the document (" + kind(after) + ")");
        }
    }

    /**
     * Throws the first problem found, if any: a refused value keeps its exception's type
     * ("what: config.digest: invalid digest ..."), a value of the wrong kind is
     * "what is not valid JSON for type: manifests: expected an array, found a string".
     *
     * @param what the document, for the message
     * @param type what it should be, for the message; null to leave it out
     * @throws InvalidInputException for a value of the wrong kind, or one refused as invalid;
     *                               {@link UnsupportedFormatException} for one refused as unsupported
     */
    public void throwProblem(String what, String type) {
        if (problem == null) {
            return;
        }
        String at = problem.path().isEmpty() ? "" : problem.path() + ": ";
        if (problem.refused() != null) {
            String message = what + ": " + at + problem.refused().getMessage();
            GantryException rethrown = problem.refused() instanceof UnsupportedFormatException
                    ? new UnsupportedFormatException(message)
                    : new InvalidInputException(message);
            rethrown.initCause(problem.refused());
            throw rethrown;
        }
        throw new InvalidInputException(what + " is not valid JSON" + forType(type) + ": " + at + problem.message());
    }

    /**
     * The current token.
     *
     * @return the token the parser is on
     */
    public JsonToken token() {
        return parser.currentToken();
    }

    /**
     * Inside an object: moves to the next field's value and returns the field's name, or null
     * at the object's end.
     *
     * @return the field's name, or null after the last field
     */
    public String nextField() {
        try {
            if (parser.nextToken() != JsonToken.FIELD_NAME) {
                return null;
            }
            String name = parser.currentName();
            parser.nextToken();
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the current value is an object, to be read with {@link #nextField}; false for
     * null, and for anything else, which is remembered as a problem and skipped.
     *
     * @return true for an object, its fields to be read
     */
    public boolean startObject() {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        if (t != JsonToken.VALUE_NULL) {
            mismatch("an object");
        }
        return false;
    }

    /** Skips the current value, an object or array with all it holds. */
    public void skip() {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A string.
     *
     * @return the string; null for JSON null or a value of another kind
     */
    public String string() {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> text();
            case VALUE_NULL -> null;
            default -> mismatch("a string");
        };
    }

    /**
     * true or false.
     *
     * @return the value; null for JSON null or a value of another kind
     */
    public Boolean bool() {
        return switch (parser.currentToken()) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> mismatch("true or false");
        };
    }

    /**
     * The current token as a long when it is an integer that fits one; nothing is remembered
     * otherwise, for a reader that reports it its own way ({@link #render} shows it).
     *
     * @return the integer, or null
     */
    public Long longValue() {
        try {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return parser.getLongValue();
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A digest string; a malformed one is remembered with {@link Digest}'s own message and error type.
     *
     * @return the digest; null for JSON null or a value that is not one
     */
    public Digest digest() {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> {
                try {
                    yield Digest.parse(text());
                } catch (GantryException refused) {
                    remember(new Problem(path(), refused.getMessage(), refused));
                    yield null;
                }
            }
            case VALUE_NULL -> null;
            default -> mismatch("a digest string (sha256:...)");
        };
    }

    /**
     * An array read element by element with {@code element}, called on each element's first token.
     *
     * @param element the reader of one element
     * @param <T>     what {@code element} makes
     * @return the elements in order (a mutable list; null elements kept), or null for JSON null or a value of another kind
     */
    public <T> List<T> list(Function<JsonCursor, T> element) {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            return mismatch("an array");
        }
        // Mutable, with null elements kept (a null layer is the gate's to refuse, naming it).
        List<T> out = new ArrayList<>();
        try {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                out.add(element.apply(this));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * An array of strings.
     *
     * @return the strings (null elements kept), or null
     */
    public List<String> strings() {
        return list(JsonCursor::string);
    }

    /**
     * An object read value by value with {@code value}, called on each value's first token.
     *
     * @param value the reader of one value
     * @param <T>   what {@code value} makes
     * @return the entries in document order (a mutable map), or null for JSON null or a value of another kind
     */
    public <T> Map<String, T> map(Function<JsonCursor, T> value) {
        if (!startObject()) {
            return null;
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (String key; (key = nextField()) != null; ) {
            out.put(key, value.apply(this));
        }
        return out;
    }

    /**
     * An object of strings (annotations, labels).
     *
     * @return the entries in document order, or null
     */
    public Map<String, String> stringMap() {
        return map(JsonCursor::string);
    }

    /**
     * Any value as plain Java: objects as maps in document order, arrays as lists, strings,
     * numbers (Integer, Long, BigInteger or Double), booleans and null: what the mapper makes of
     * an untyped value, for fields whose values mean nothing to Gantry ({@code ExposedPorts}).
     *
     * @return the value as plain Java
     */
    public Object untyped() {
        try {
            return switch (parser.currentToken()) {
                case START_OBJECT -> map(JsonCursor::untyped);
                case START_ARRAY -> list(JsonCursor::untyped);
                case VALUE_STRING -> text();
                case VALUE_NUMBER_INT -> parser.getNumberValue();
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> null;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The current value as compact JSON ({@code "2"}, {@code 2.5}, {@code null}, {@code {"a":1}}),
     * a number as the document wrote it, consuming it: how a message shows a value that is not
     * what it should be.
     *
     * @return the value's JSON text
     */
    public String render() {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return text();
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.generator(out)) {
            g.copyCurrentStructure(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The parser itself, for readers that build values of their own (a JSON tree). */
    JsonParser parser() {
        return parser;
    }

    /**
     * Remembers that the current value is not {@code expected} (the first such problem wins),
     * skips it, and returns null for the reader to use in its place.
     *
     * @param expected what the value should have been ("an array")
     * @param <T>      the type the reader expected
     * @return null
     */
    public <T> T mismatch(String expected) {
        remember(new Problem(path(), "expected " + expected + ", found " + kind(parser.currentToken()) + numberText(), null));
        skip();
        return null;
    }

    private void remember(Problem p) {
        if (problem == null) {
            problem = p;
        }
    }

    private String text() {
        try {
            return parser.getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String numberText() {
        JsonToken t = parser.currentToken();
        return t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT ? " " + text() : "";
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING, VALUE_EMBEDDED_OBJECT -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /**
     * "layers[0].digest" for the value the parser is on, "" for the document itself. Jackson's
     * parsing contexts already hold each level's field name or index; an object's or array's
     * own context is one level below the value that holds it.
     *
     * @return the path, "" at the top
     */
    public String path() {
        JsonStreamContext context = parser.getParsingContext();
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        Deque<JsonStreamContext> levels = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            levels.push(c);
        }
        StringBuilder s = new StringBuilder();
        for (JsonStreamContext c : levels) {
            if (c.inArray()) {
                s.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
            } else if (c.getCurrentName() != null) {
                s.append(s.isEmpty() ? "" : ".").append(c.getCurrentName());
            }
        }
        return s.toString();
    }
}
