package dev.gantry.cli.output;

import dev.gantry.copy.CopyListener;
import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress on a terminal: a bar per blob in flight and an overall line, redrawn in place on
 * stderr (ANSI cursor moves) at most every 100 ms; finished blobs scroll up as plain lines.
 */
public final class ProgressBars implements CopyListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final Map<Digest, long[]> active = new LinkedHashMap<>(); // digest -> {done, size}
    private final Map<Digest, Long> planned = new LinkedHashMap<>();
    private final StringBuilder finished = new StringBuilder();
    private long doneBytes;
    private int doneBlobs;
    private int drawn;
    private long lastDraw;

    public ProgressBars(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void planned(Collection<Descriptor> blobs) {
        blobs.forEach(b -> planned.putIfAbsent(b.digest(), b.size()));
    }

    @Override
    public synchronized void started(Descriptor blob, long offset) {
        active.put(blob.digest(), new long[] {offset, blob.size()});
        draw(false);
    }

    @Override
    public void progressed(Descriptor blob, long done) {
        synchronized (this) {
            long[] state = active.get(blob.digest());
            if (state != null) {
                state[0] = done;
            }
            draw(false);
        }
    }

    @Override
    public synchronized void skipped(Descriptor blob) {
        finish("exists  ", blob);
    }

    @Override
    public synchronized void copied(Descriptor blob) {
        finish("copied  ", blob);
    }

    /** Draws the last state, leaving the overall line on screen. */
    public synchronized void close() {
        draw(true);
    }

    private void finish(String what, Descriptor blob) {
        active.remove(blob.digest());
        doneBlobs++;
        doneBytes += blob.size();
        finished.append(what).append(blob.digest().shortHex()).append("  ").append(Sizes.human(blob.size())).append('\n');
        draw(true);
    }

    private void draw(boolean now) {
        long t = System.nanoTime();
        if (!now && t - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = t;
        StringBuilder out = new StringBuilder();
        if (drawn > 0) {
            out.append("\033[").append(drawn).append('F'); // back to the first redrawn line
        }
        finished.toString().lines().forEach(l -> out.append("\033[2K").append(l).append('\n'));
        finished.setLength(0);
        long bytes = doneBytes;
        for (Map.Entry<Digest, long[]> e : active.entrySet()) {
            long[] s = e.getValue();
            bytes += s[0];
            out.append("\033[2K").append(bar(e.getKey().shortHex(), s[0], s[1])).append('\n');
        }
        long total = planned.values().stream().mapToLong(Long::longValue).sum();
        out.append("\033[2K").append(bar("overall " + doneBlobs + "/" + planned.size() + " blobs", bytes, total)).append('\n');
        out.append("\033[J"); // clear anything below, left by a longer earlier frame
        drawn = active.size() + 1;
        err.print(out);
        err.flush();
    }

    static String bar(String label, long done, long size) {
        int filled = size <= 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / size);
        return label + "  [" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "]  " + Sizes.human(done) + " / " + Sizes.human(size);
    }
}
