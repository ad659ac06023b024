package dev.gantry.cli;

import dev.gantry.transport.TransportRef;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;

/**
 * Work every command of a kind pays once per process, started on a thread of its own at the
 * entry point so that it runs on the second core while the first builds the command line's model
 * and opens the image; whoever needs it first waits for what is left (class initialisation and
 * the class loader's jar list are locked), so nothing is done twice and the CPU spent is the same.
 * <ul>
 * <li>{@code java.math.BigDecimal}'s class initialiser (JDK 24+) squares 5 sixteen times, to 5^65536,
 * ~0.02 s of CPU before the first byte of JSON is parsed: Jackson's parsers keep BigDecimal
 * constants, so every command that reads a manifest pays it.</li>
 * <li>A command naming a registry image makes the JDK search every jar on the class path for
 * services (HttpURLConnection's logger finds its backend that way, {@code URL} its protocol
 * handlers, core its registry transport): the first search opens every jar (35 in an install),
 * ~0.02 s.</li>
 * </ul>
 */
final class StartupWarmup {
    private StartupWarmup() {
    }

    static void start(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || args[0].equals("help")) {
            return; // --version, --help and the verb list read no JSON and no registry
        }
        Thread.ofPlatform().name("gantry-warmup").daemon().start(() -> warm(args));
    }

    private static void warm(String[] args) {
        try {
            // the search first: core's transport lookup needs it right after the command line is parsed,
            // while the first JSON is parsed only after the registry has answered
            if (namesARegistry(args)) {
                // the class path's part of the enumeration is lazy: the jars open as it is walked
                Enumeration<URL> found = ClassLoader.getSystemClassLoader().getResources(
                        "META-INF/services/dev.gantry.transport.RemoteTransport");
                while (found.hasMoreElements()) {
                    found.nextElement();
                }
            }
            Class.forName("java.math.BigDecimal", true, null);
        } catch (Exception | LinkageError ignored) {
            // only ever an early start of what the command does anyway, which then reports it
        }
    }

    /** Registry verbs, and any argument that is a registry reference rather than a local location. */
    static boolean namesARegistry(String[] args) {
        switch (args[0]) {
            case "tags", "tag", "delete", "catalog", "login", "logout", "auth", "referrers" -> {
                return true;
            }
            default -> {
            }
        }
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-") || arg.isEmpty()) {
                continue;
            }
            try {
                if (!Files.exists(Path.of(arg)) && TransportRef.parse(arg).isRemote()) { // a bare path is read to detect it
                    return true;
                }
            } catch (Exception notALocation) {
                // an option's value or a path: not a registry
            }
        }
        return false;
    }
}
