package dev.gantry.runtime.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The container's stderr as it streams through, minus the runtime's own failure line. runc
 * prints "runc run failed: ..." on the stderr it shares with the container's process (besides
 * its log); when that failure is reported as one clean line of Gantry's, the raw line must not
 * show too. Lines starting with the runtime's prefix are held back until {@link #finish}, which
 * drops them when the runtime did fail and writes them otherwise (a process may print anything).
 * Every other byte passes straight through.
 */
final class RuntimeErrorLines extends OutputStream {
    private final OutputStream out;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    /** Bytes of the current line matched against the prefix so far; -1 once the line is passing through. */
    private int matched;

    RuntimeErrorLines(OutputStream out, String runtimeName) {
        this.out = out;
        this.prefix = (runtimeName + " run failed: ").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (matched < 0) {
            out.write(b);
            if (b == '\n') {
                matched = 0;
            }
        } else if (matched < prefix.length) {
            line.write(b);
            if (b == prefix[matched]) {
                matched++;
            } else {
                line.writeTo(out); // not the runtime's line: let what was kept go, and the rest of the line
                line.reset();
                matched = b == '\n' ? 0 : -1;
            }
        } else {
            line.write(b); // the runtime's line: held whole
            if (b == '\n') {
                line.writeTo(held);
                line.reset();
                matched = 0;
            }
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** Ends the stream: the held lines are dropped when the runtime failed, else written. */
    synchronized void finish(boolean runtimeFailed) throws IOException {
        line.writeTo(held);
        line.reset();
        if (!runtimeFailed) {
            held.writeTo(out);
        }
        held.reset();
        out.flush();
    }
}
