package dev.gantry.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process, capturing what it prints; tests run one at a time, so swapping System.out is safe. */
record CliRun(int exitCode, byte[] stdoutBytes, String stderr) {

    static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }
}
