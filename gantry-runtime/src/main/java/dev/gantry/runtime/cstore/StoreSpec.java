package dev.gantry.runtime.cstore;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which store a {@code containers-storage:} location names, and the image inside it: skopeo's
 * {@code [DRIVER@GRAPHROOT+RUNROOT]IMAGE}, every part of the bracket optional. What the bracket
 * leaves out comes from {@code storage.conf} ({@code $CONTAINERS_STORAGE_CONF}, else
 * {@code /etc/containers/storage.conf}), then from the drivers whose folders already exist in the
 * graph root, then from containers/storage's own defaults (overlay, {@code /var/lib/containers/storage},
 * {@code /run/containers/storage}).
 *
 * @param driver    {@code overlay} or {@code vfs}, the only drivers read and written
 * @param graphRoot where images, layers and their content live
 * @param runRoot   where run-time state lives (mount counts); nothing here writes it
 * @param image     the image part: a name, an image ID or {@code @ID}
 */
record StoreSpec(String driver, Path graphRoot, Path runRoot, String image) {
    static final List<String> DRIVERS = List.of("overlay", "vfs");
    private static final Path SYSTEM_CONF = Path.of("/etc/containers/storage.conf");

    static StoreSpec parse(String location) throws IOException {
        String driver = null;
        Path graph = null;
        Path run = null;
        String image = location;
        if (location.startsWith("[")) {
            int close = location.indexOf(']');
            if (close < 0) {
                throw new InvalidInputException("'containers-storage:" + location + "' has no closing ']' after its store");
            }
            String spec = location.substring(1, close);
            image = location.substring(close + 1);
            int at = spec.indexOf('@');
            if (at >= 0) {
                driver = spec.substring(0, at);
                spec = spec.substring(at + 1);
            }
            if (spec.contains(":")) {
                throw new UnsupportedFormatException("'containers-storage:" + location
                        + "' gives driver options after ':' in its store; Gantry takes none: [DRIVER@GRAPHROOT+RUNROOT]");
            }
            int plus = spec.indexOf('+');
            String graphText = plus >= 0 ? spec.substring(0, plus) : spec;
            String runText = plus >= 0 ? spec.substring(plus + 1) : "";
            graph = graphText.isEmpty() ? null : absolute(graphText, location);
            run = runText.isEmpty() ? null : absolute(runText, location);
        }
        if (image.isEmpty()) {
            throw new InvalidInputException("'containers-storage:" + location + "' names no image after its store");
        }
        StorageConf conf = StorageConf.read();
        if (graph == null) {
            graph = conf.graphRoot() != null ? conf.graphRoot() : Path.of("/var/lib/containers/storage");
        }
        if (run == null) {
            run = conf.runRoot() != null ? conf.runRoot() : Path.of("/run/containers/storage");
        }
        if (driver == null || driver.isEmpty()) {
            driver = conf.driver() != null ? conf.driver() : existingDriver(graph);
        }
        if (!DRIVERS.contains(driver)) {
            throw new UnsupportedFormatException("containers-storage driver '" + driver + "' is not supported; Gantry reads and writes "
                    + String.join(" and ", DRIVERS) + " stores");
        }
        return new StoreSpec(driver, graph, run, image);
    }

    private static Path absolute(String text, String location) {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new InvalidInputException("'containers-storage:" + location + "': store path '" + text + "' must be absolute");
        }
        return path;
    }

    /** The driver whose images folder the graph root already has (the only one, or overlay's first), else overlay. */
    private static String existingDriver(Path graph) {
        for (String d : DRIVERS) {
            if (Files.isDirectory(graph.resolve(d + "-images"))) {
                return d;
            }
        }
        return "overlay";
    }

    /** {@return the bracketed store as skopeo writes it, for messages} */
    String describeStore() {
        return "[" + driver + "@" + graphRoot + "+" + runRoot + "]";
    }

    Path imagesDir() {
        return graphRoot.resolve(driver + "-images");
    }

    Path layersDir() {
        return graphRoot.resolve(driver + "-layers");
    }

    /** The driver's folder, {@code overlay} or {@code vfs}. */
    Path driverDir() {
        return graphRoot.resolve(driver);
    }

    /** Where a layer's files are: its whole tree for vfs, its own changes (with overlay whiteouts) for overlay. */
    Path layerContent(String id) {
        return driver.equals("vfs") ? driverDir().resolve("dir").resolve(id) : driverDir().resolve(id).resolve("diff");
    }

    /** The store's settings in a {@code storage.conf}: the {@code [storage]} table's three keys, nothing else. */
    record StorageConf(String driver, Path graphRoot, Path runRoot) {
        static StorageConf read() throws IOException {
            String env = System.getenv("CONTAINERS_STORAGE_CONF");
            Path file = env != null && !env.isEmpty() ? Path.of(env) : SYSTEM_CONF;
            if (!Files.isRegularFile(file)) {
                return new StorageConf(null, null, null);
            }
            String driver = null;
            String graph = null;
            String run = null;
            String table = "";
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.startsWith("[")) {
                    table = line;
                    continue;
                }
                int eq = line.indexOf('=');
                if (!table.equals("[storage]") || line.startsWith("#") || eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = unquote(line.substring(eq + 1).strip());
                switch (key) {
                    case "driver" -> driver = value;
                    case "graphroot" -> graph = value;
                    case "runroot" -> run = value;
                    default -> {
                    }
                }
            }
            return new StorageConf(blank(driver) ? null : driver, blank(graph) ? null : Path.of(graph), blank(run) ? null : Path.of(run));
        }

        private static boolean blank(String s) {
            return s == null || s.isEmpty();
        }

        private static String unquote(String value) {
            int hash = value.indexOf(" #");
            if (hash >= 0 && !value.startsWith("\"")) {
                value = value.substring(0, hash).strip();
            }
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                int end = value.indexOf(value.charAt(0), 1);
                return end > 0 ? value.substring(1, end) : value.substring(1);
            }
            return value;
        }
    }
}
