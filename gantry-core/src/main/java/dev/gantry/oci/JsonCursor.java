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
            throw e;
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

    /** True when a problem was found; {@link #throwProblem} reports it. */
    public boolean hasProblem() {
        return problem != null;
    }

    /**
     * Throws the first problem found, if any: a refused value keeps its exception's type
     * ("what: config.digest: invalid digest ..."), a value of the wrong kind is
     * "what is not valid JSON for type: manifests: expected an array, found a string".
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

    /** The current token. */
    public JsonToken token() {
        return parser.currentToken();
    }

    /**
     * Inside an object: moves to the next field's value and returns the field's name, or null
     * at the object's end.
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

    /** A string, or null. */
    public String string() {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> text();
            case VALUE_NULL -> null;
            default -> mismatch("a string");
        };
    }

    /** true, false, or null. */
    public Boolean bool() {
        return switch (parser.currentToken()) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> mismatch("true or false");
        };
    }

    /** A whole number that fits a long, or null; fractions and larger numbers are problems. */
    public Long integer() {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        Long value = longValue();
        return value != null ? value : mismatch("an integer");
    }

    /** The current token as a long when it is an integer that fits, else null (nothing remembered). */
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

    /** A digest string, or null; a malformed one is remembered with the type's own message. */
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

    /** An array read element by element with {@code element}, or null. */
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

    /** An array of strings, or null. */
    public List<String> strings() {
        return list(JsonCursor::string);
    }

    /** An object read value by value with {@code value}, in document order, or null. */
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

    /** An object of strings (annotations, labels), or null. */
    public Map<String, String> stringMap() {
        return map(JsonCursor::string);
    }

    /**
     * Any value as plain Java: objects as maps in document order, arrays as lists, strings,
     * numbers (Integer, Long, BigInteger or Double), booleans and null: what the mapper makes of
     * an untyped value, for fields whose values mean nothing to Gantry ({@code ExposedPorts}).
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
     */
    public <T> T mismatch(String expected) {
        remember(new Problem(path(), "expected " + expected + ", found " + kind(parser.currentToken()) + numberText(), null));
        skip();
        return null;
    }

    /** Remembers a problem of the reader's own at the current value ("has no size"). */
    public void problem(String message) {
        remember(new Problem(path(), message, null));
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
