package dev.gantry.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a command's result as JSON with Jackson's streaming generator, as the mapper would
 * write it (record components in order, null fields and null map values left out, the
 * mapper's pretty printer), so that a short command's {@code --json} does not pay for building
 * the mapper. Only plain values are written here: strings, numbers, booleans, maps, collections
 * and records without Jackson annotations or getters of their own. Anything else (a digest, a
 * path, an enum, an annotated record) makes the whole value go to the mapper, so the output is
 * always the mapper's.
 */
final class JsonWriter {
    private static final Set<Class<?>> PLAIN_RECORDS = ConcurrentHashMap.newKeySet();

    private JsonWriter() {
    }

    /** {@code value} as JSON text, pretty-printed or compact. */
    static String write(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.generator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            value(g, value);
        } catch (NotPlain notPlain) {
            return pretty ? Json.pretty(value) : new String(Json.write(value), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A value this writer does not write the mapper's way. */
    private static final class NotPlain extends RuntimeException {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal b -> g.writeNumber(b);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new NotPlain();
                    }
                    if (e.getValue() != null) {
                        g.writeFieldName(key);
                        value(g, e.getValue());
                    }
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object element : c) {
                    value(g, element);
                }
                g.writeEndArray();
            }
            case Record r -> record(g, r);
            default -> throw new NotPlain();
        }
    }

    private static void record(JsonGenerator g, Record r) throws IOException {
        Class<?> type = r.getClass();
        if (!PLAIN_RECORDS.contains(type)) {
            if (!isPlain(type)) {
                throw new NotPlain();
            }
            PLAIN_RECORDS.add(type);
        }
        g.writeStartObject();
        for (RecordComponent c : type.getRecordComponents()) {
            Object v;
            try {
                Method accessor = c.getAccessor();
                accessor.setAccessible(true);
                v = accessor.invoke(r);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                throw new NotPlain();
            }
            if (v != null) {
                g.writeFieldName(c.getName());
                value(g, v);
            }
        }
        g.writeEndObject();
    }

    /**
     * No annotations on the record or its components (a {@code @JsonProperty} renames, a
     * {@code @JsonInclude} changes what is left out) and no public getter-like methods besides
     * the accessors (the mapper would write them as properties).
     */
    private static boolean isPlain(Class<?> type) {
        if (type.getDeclaredAnnotations().length > 0) {
            return false;
        }
        Set<String> accessors = new java.util.HashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getDeclaredAnnotations().length > 0 || c.getAccessor().getDeclaredAnnotations().length > 0) {
                return false;
            }
            accessors.add(c.getName());
        }
        for (Method m : type.getDeclaredMethods()) {
            String name = m.getName();
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                    && !accessors.contains(name) && (name.startsWith("get") || name.startsWith("is"))
                    && m.getReturnType() != void.class) {
                return false;
            }
        }
        return true;
    }
}
