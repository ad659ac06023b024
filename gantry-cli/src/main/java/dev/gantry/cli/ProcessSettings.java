package dev.gantry.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JVM-wide settings the gantry process chooses for itself. They live at the entry point,
 * not in the libraries, because they change every client and server in the JVM: a program that
 * embeds gantry-registry-client or gantry-registry keeps its own choices.
 */
public final class ProcessSettings {
    /**
     * The JDK HttpClient moves streamed bodies and socket reads in buffers of this many bytes
     * (16 KiB by default), each read into a new array of that size. 16 KiB pieces cost CPU per
     * piece; 1 MiB ones are humongous objects to G1 at a 256 MiB heap (a 671 MB push ran 200
     * collections, 67 of them concurrent cycles); 256 KiB ones are ordinary young garbage. The
     * JDK reads the property once, when the client's internals load, so it is set before any
     * command runs, unless the user chose a value (GANTRY_JAVA_OPTS=-Djdk.httpclient.bufsize=N).
     */
    static final String HTTP_CLIENT_BUFFER = "jdk.httpclient.bufsize";
    static final int HTTP_CLIENT_BUFFER_BYTES = 256 << 10;

    /**
     * JUL's own format spends two lines on a record (time and source, then level and message);
     * `gantry serve`'s log is read, grepped and alerted on line by line, so one line each: time,
     * level, message (and a stack trace only when one is logged). Read when JUL makes its console
     * handler, at the first record, so it is set before any command runs, unless the user set a
     * format or a logging configuration file.
     */
    static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";
    static final String ONE_LINE_FORMAT = "%1$tFT%1$tT%1$tz %4$s %5$s%6$s%n";

    /**
     * picocli's default factory looks for Groovy's {@code groovy.lang.Closure} when it loads (for
     * closures in annotations, which Gantry has none of): a class on no jar, so the search opened
     * every jar on the class path, ~0.03 s of every command that the start-up cache otherwise spares.
     */
    static final String PICOCLI_CLOSURES_OFF = "picocli.disable.closures";

    /**
     * Made on first use, by the server only: the first JUL logger makes the JDK look for a
     * System.LoggerFinder in every jar on the class path, ~0.03 s that every short command paid
     * when this was done at start-up. Held so the level sticks (JUL keeps loggers weakly).
     */
    private static final class JettyLog {
        static final Logger LOGGER = Logger.getLogger("org.eclipse.jetty");
    }

    private ProcessSettings() {
    }

    static void apply() {
        if (System.getProperty(LOG_FORMAT) == null && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty(LOG_FORMAT, ONE_LINE_FORMAT);
        }
        System.setProperty(PICOCLI_CLOSURES_OFF, "true");
        if (System.getProperty(HTTP_CLIENT_BUFFER) == null) {
            System.setProperty(HTTP_CLIENT_BUFFER, Integer.toString(HTTP_CLIENT_BUFFER_BYTES));
        }
    }

    /** Before a server starts in this process: Jetty's start-up chatter is INFO, its problems WARNING. */
    public static void forServer() {
        if (JettyLog.LOGGER.getLevel() == null) {
            JettyLog.LOGGER.setLevel(Level.WARNING);
        }
    }
}
