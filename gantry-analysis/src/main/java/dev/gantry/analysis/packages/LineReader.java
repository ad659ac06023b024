package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a package database, read straight from a layer's stream: UTF-8, {@code \n} or
 * {@code \r\n} ends, and each line cut at {@link #MAX_LINE} bytes so a hostile file of one
 * endless line costs no more memory than a real one (database lines are short; long ones are
 * descriptions nobody parses).
 */
final class LineReader {
    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int end;
    private long number;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The 1-based number of the line {@link #next} returned last. */
    long number() {
        return number;
    }

    /** The next line without its end, or null at the end of the stream. */
    String next() throws IOException {
        number++;
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buffer);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any ? text(length) : null;
                }
            }
            any = true;
            byte b = buffer[pos++];
            if (b == '\n') {
                return text(length);
            }
            if (length < MAX_LINE) {
                line[length++] = b;
            }
        }
    }

    private String text(int length) {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, n, StandardCharsets.UTF_8);
    }
}
