package dev.gantry.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.LimitExceededException;
import dev.gantry.error.UnsupportedFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON for untrusted input (bounded nesting and string sizes, duplicate keys refused, unknown
 * fields tolerated): one parser configuration for Jackson's streaming API, which the read path
 * uses ({@link OciJsonReader}, {@link JsonCursor}), and the one mapper over the same
 * configuration, made on first use, for trees, other types and writing; and the size limits
 * for documents Gantry holds in memory.
 */
public final class Json {
    /** distribution-spec's suggested manifest limit. */
    public static final int MAX_MANIFEST_BYTES = 4 << 20;
    /** Configs carry history and can be larger than manifests. */
    public static final int MAX_CONFIG_BYTES = 8 << 20;
    /** How deep arrays and objects may nest in any document Gantry reads. */
    public static final int MAX_NESTING_DEPTH = 64;

    /**
     * The one parser configuration for untrusted JSON, shared by the streaming readers
     * ({@link OciJsonReader}) and the mapper: a nesting limit, strings no longer than a config,
     * and duplicate keys refused. Go's encoding/json keeps the last of two equal keys and so would
     * Jackson: two readers of one document could then disagree on a field's value. Refuse instead.
     */
    private static final JsonFactory FACTORY = newFactory();

    private static JsonFactory newFactory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_CONFIG_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * Built on first use: making an ObjectMapper (and the databind classes behind it) cost a
     * short command tens of milliseconds, and the read path of those (manifests, configs,
     * index.json, tag lists) uses {@link #parser} alone. Writing and editing paths use it.
     */
    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper(newFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                // One document per blob, as Go's json.Unmarshal insists: "{..}{..}" is not a manifest.
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * The mapper every Gantry writer (and any reader of other types than the wire records) shares,
     * made on first use (see {@link MapperHolder}): the parser's limits above (at most 64 levels of
     * nesting, strings up to {@link #MAX_CONFIG_BYTES}, duplicate keys refused), trailing documents
     * refused, unknown fields ignored (records model only what Gantry reads), nulls left out when
     * writing. Configure a copy ({@code mapper().copy()}) rather than this one.
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    /**
     * A streaming parser with the same limits as the mapper.
     *
     * @param bytes the document
     * @return a parser over {@code bytes}, before its first token
     * @throws IOException never for an array, but Jackson's signature declares it
     */
    public static JsonParser parser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }

    /**
     * A streaming generator, for output paths that must not build the mapper.
     *
     * @param out where the JSON text goes
     * @return a generator writing to {@code out}
     * @throws IOException never for a fresh generator, but Jackson's signature declares it
     */
    public static JsonGenerator generator(java.io.Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    private Json() {
    }

    /**
     * Reads a whole document, refusing more than {@code limit} bytes before reading them all,
     * so a hostile 100 MB "manifest" costs at most the limit.
     *
     * @param in    the document's bytes; read up to {@code limit + 1} bytes, not closed
     * @param limit the most bytes the document may have
     * @param what  names the document in the error
     * @return the whole document
     * @throws LimitExceededException when the document is longer than {@code limit}
     * @throws IOException            when reading fails
     */
    public static byte[] readBounded(InputStream in, int limit, String what) throws IOException {
        byte[] bytes = in.readNBytes(limit == Integer.MAX_VALUE ? limit : limit + 1);
        if (bytes.length > limit) {
            throw new LimitExceededException(what + " is larger than the " + describeSize(limit)
                    + " limit for JSON documents");
        }
        return bytes;
    }

    /**
     * {@return "4 MiB" for whole mebibytes, else the exact byte count, for messages about limits}
     *
     * @param bytes a size in bytes
     */
    public static String describeSize(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /**
     * Parses a document held in memory (already read with a limit) into one of Gantry's records.
     * Errors say what is wrong in the document's own terms, naming the field's path, never Jackson's classes.
     * The wire records (descriptors, platforms, manifests, indexes, configs) are read by
     * {@link OciJsonReader} with the streaming parser, without the mapper; anything else by the mapper.
     *
     * @param bytes the document
     * @param type  the record to read it as
     * @param what  names the document in errors, e.g. "config sha256:... in oci:/tmp/img"
     * @param <T>   the record's type
     * @return the record; null for a document that is JSON null
     * @throws InvalidInputException      when the bytes are not JSON, or a field has the wrong shape or value
     * @throws UnsupportedFormatException when a value is well-formed but unsupported (a sha384 digest, say)
     */
    public static <T> T parse(byte[] bytes, Class<T> type, String what) {
        if (OciJsonReader.reads(type)) {
            return type.cast(OciJsonReader.read(bytes, type, what));
        }
        return MapperReads.parse(bytes, type, what);
    }

    /**
     * What is wrong with {@code document}, in its own terms: "manifests: expected an array, found a
     * string" rather than Jackson's "Cannot deserialize value of type `java.util.ArrayList&lt;...&gt;`".
     * Never the parser's location suffix, which names Jackson's settings.
     *
     * @param e        Jackson's failure on {@code document}
     * @param document the bytes that failed to parse
     * @return a one-line explanation for a user
     */
    public static String problem(JsonProcessingException e, byte[] document) {
        return MapperReads.problem(e, document);
    }

    /**
     * Reading with the mapper and describing its errors: apart, so that loading {@link Json}
     * (every command does) loads none of the databind classes these name.
     */
    private static final class MapperReads {
        private MapperReads() {
        }

        /** See {@link Json#problem}. */
        static String problem(JsonProcessingException e, byte[] document) {
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                JsonNode found = at(document, mismatch.getPath());
                if (found != null) {
                    return path(mismatch) + "expected " + expected(mismatch.getTargetType()) + ", found " + kind(found);
                }
            }
            return e.getOriginalMessage();
        }

        static <T> T parse(byte[] bytes, Class<T> type, String what) {
            try {
                return mapper().readValue(bytes, type);
            } catch (JsonMappingException e) {
                // A value our own types refused (a malformed digest, say): keep its type and message, add where.
                if (e.getCause() instanceof GantryException refused) {
                    String message = what + ": " + path(e) + refused.getMessage();
                    GantryException rethrown = refused instanceof UnsupportedFormatException
                            ? new UnsupportedFormatException(message)
                            : new InvalidInputException(message);
                    rethrown.initCause(e);
                    throw rethrown;
                }
                throw new InvalidInputException(what + " is not valid JSON for " + type.getSimpleName() + ": "
                        + problem(e, bytes), e);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(what + " is not valid JSON for " + type.getSimpleName() + ": "
                        + problem(e, bytes), e);
            } catch (IOException e) {
                // Bytes that are no text in any JSON encoding (found by fuzzing); other IOExceptions cannot happen on an array.
                throw e instanceof java.io.CharConversionException c ? undecodable(what, c) : new UncheckedIOException(e);
            }
        }

        /** The value at a mapping error's path, or null when the document or the path cannot be followed. */
        private static JsonNode at(byte[] document, List<JsonMappingException.Reference> path) {
            JsonNode node;
            try {
                node = mapper().readTree(document);
            } catch (IOException e) {
                return null;
            }
            for (JsonMappingException.Reference r : path) {
                if (node == null) {
                    return null;
                }
                node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
            }
            return node;
        }

        private static String expected(Class<?> type) {
            if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
                return "an array";
            }
            if (type == String.class || type.isEnum()) {
                return "a string";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "true or false";
            }
            if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
                return "a number";
            }
            if (type == dev.gantry.digest.Digest.class) {
                return "a digest string (sha256:...)";
            }
            return "an object";
        }

        private static String kind(JsonNode node) {
            return switch (node.getNodeType()) {
                case ARRAY -> "an array";
                case OBJECT, POJO -> "an object";
                case STRING, BINARY -> "a string";
                case NUMBER -> "a number " + node;
                case BOOLEAN -> node.toString();
                case NULL, MISSING -> "null";
            };
        }

        /** "layers[0].digest: " for the value being read when {@code e} was raised, or "" at the top. */
        private static String path(JsonMappingException e) {
            StringBuilder s = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    s.append(s.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    s.append('[').append(r.getIndex()).append(']');
                }
            }
            return s.isEmpty() ? "" : s + ": ";
        }
    }

    /**
     * Parses a document held in memory as a tree, for code that edits JSON and writes it back with its
     * unknown fields intact, or that must look at a document's shape before choosing a record.
     *
     * @param bytes the document
     * @param what  names the document in errors
     * @return its top-level object
     * @throws InvalidInputException when the bytes are not JSON or the top level is not an object
     */
    public static JsonNode tree(byte[] bytes, String what) {
        try {
            JsonNode node = mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // Bytes that are no text in any JSON encoding (found by fuzzing); other IOExceptions cannot happen on an array.
                throw e instanceof java.io.CharConversionException c ? undecodable(what, c) : new UncheckedIOException(e);
        }
    }

    /**
     * {@code document}, one JSON object, pretty-printed as the mapper prints its tree (the same
     * pretty printer, keys in their order, numbers as the tree holds them) but copied token by
     * token with the streaming parser and generator: {@code manifest --json} and
     * {@code config --json} need no mapper. Errors as {@link #tree}'s.
     *
     * @param document the stored document
     * @param what     the document, for errors
     * @return the pretty-printed text, without a final newline
     * @throws InvalidInputException when the document is not one JSON object
     */
    public static String prettyDocument(byte[] document, String what) {
        java.io.StringWriter out = new java.io.StringWriter();
        JsonCursor.read(document, what, null, c -> {
            if (c.token() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new InvalidInputException(what + " is not a JSON object");
            }
            try (JsonGenerator g = generator(out)) {
                g.useDefaultPrettyPrinter();
                g.copyCurrentStructure(c.parser());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        return out.toString();
    }

    /**
     * Serialises a value compactly, as Gantry writes the documents it makes (digests are taken of these bytes).
     *
     * @param value a record or tree
     * @return its UTF-8 JSON
     * @throws IllegalStateException when the value cannot be serialised, which is a bug
     */
    public static byte[] write(Object value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Serialises a value indented, for people to read ({@code --json} output).
     *
     * @param value a record or tree
     * @return its indented JSON
     * @throws IllegalStateException when the value cannot be serialised, which is a bug
     */
    public static String pretty(Object value) {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * The error for bytes no JSON encoding decodes (Jackson's {@code CharConversionException}).
     *
     * @param what names the document in the message
     * @param e Jackson's decoding failure
     * @return the exception to throw
     */
    static InvalidInputException undecodable(String what, java.io.CharConversionException e) {
        return new InvalidInputException(what + " is not valid JSON: its bytes are not text in a JSON encoding (" + e.getMessage() + ")", e);
    }
}
