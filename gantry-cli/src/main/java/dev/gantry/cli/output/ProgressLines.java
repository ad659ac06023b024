package dev.gantry.cli.output;

import dev.gantry.copy.CopyListener;
import dev.gantry.oci.Descriptor;

import java.io.PrintWriter;

/** Progress for logs and CI: one plain line per blob done, nothing redrawn. */
public final class ProgressLines implements CopyListener {
    private final PrintWriter err;

    public ProgressLines(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void skipped(Descriptor blob) {
        line("exists  ", blob);
    }

    @Override
    public void copied(Descriptor blob) {
        line("copied  ", blob);
    }

    private void line(String what, Descriptor blob) {
        synchronized (err) {
            err.println(what + blob.digest().shortHex() + "  " + Sizes.human(blob.size()));
            err.flush();
        }
    }
}
