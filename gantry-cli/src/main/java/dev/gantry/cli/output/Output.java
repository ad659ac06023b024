package dev.gantry.cli.output;

import dev.gantry.oci.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/** Writes results: pretty JSON for machines, raw bytes exactly as stored. */
public final class Output {
    private Output() {
    }

    /** {@code value} as pretty JSON, as the mapper writes it (through the streaming generator when it can: {@link JsonWriter}). */
    public static void json(PrintWriter out, Object value) {
        out.println(JsonWriter.write(value, true));
        out.flush();
    }

    /** {@code value} as one line of JSON ({@code ["/bin/sh","-c"]}), for text output. */
    public static String compactJson(Object value) {
        return JsonWriter.write(value, false);
    }

    /**
     * A stored JSON document pretty-printed as it is (no tree in between: key order, numbers and
     * unknown fields stay); it must be one JSON object, {@code what} names it in errors.
     */
    public static void prettyDocument(PrintWriter out, byte[] document, String what) {
        out.println(Json.prettyDocument(document, what));
        out.flush();
    }

    /** A list of names: a JSON array for machines, one per line for people. */
    public static void names(PrintWriter out, java.util.List<String> names, boolean json) {
        if (json) {
            json(out, names);
            return;
        }
        names.forEach(out::println);
        out.flush();
    }

    /** Raw document bytes, untouched, followed by a newline only when writing to a terminal. */
    public static void raw(byte[] bytes) throws IOException {
        OutputStream out = System.out;
        out.write(bytes);
        if (System.console() != null && (bytes.length == 0 || bytes[bytes.length - 1] != '\n')) {
            out.write('\n');
        }
        out.flush();
    }
}
