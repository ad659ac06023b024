package dev.gantry.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for one test class: {@code initdb} into a fresh directory under
 * the system temp dir and {@code pg_ctl start} on a free 127.0.0.1 port (socket in the same
 * directory), never the system service. initdb refuses to run as root, so as root every command
 * runs as the unprivileged {@code postgres} user ({@code runuser -u postgres}) and the directory is
 * handed to it. {@link #close()} stops the server at once and deletes the directory. A machine
 * without the Debian {@code postgresql} package skips the test, or fails it under
 * {@code GANTRY_REQUIRE_PEERS=1} ({@link PeerRequirement}).
 */
public final class PostgresCluster implements AutoCloseable {
    /** The superuser initdb creates; trust authentication on loopback, so no password. */
    public static final String USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;
    private int databases;

    private PostgresCluster(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /**
     * The directory holding {@code initdb} and {@code pg_ctl}: one on the PATH, else the newest
     * {@code /usr/lib/postgresql/<version>/bin} (Debian keeps them off the PATH).
     *
     * @return the directory, or null when PostgreSQL is not installed
     */
    public static Path binDirectory() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb")) && Files.isExecutable(Path.of(entry, "pg_ctl"))) {
                try {
                    // A symlink on the PATH (to /usr/lib/postgresql/15/bin/initdb): createdb is beside the target.
                    return Path.of(entry, "initdb").toRealPath().getParent();
                } catch (IOException e) {
                    return Path.of(entry);
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Creates and starts a cluster, or skips (fails when peers are required) without PostgreSQL.
     *
     * @return the running cluster; close it in cleanup
     * @throws Exception when initdb or the server fails to start (the message has their output)
     */
    public static PostgresCluster start() throws Exception {
        Path bin = binDirectory();
        PeerRequirement.require(bin != null, "PostgreSQL not installed (no initdb on the PATH or under /usr/lib/postgresql/*/bin): apt-get install postgresql");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("gantry-pg-");
        PostgresCluster cluster = new PostgresCluster(bin, dir, freePort(), root);
        try {
            if (root) {
                cluster.run(List.of("chown", "-R", USER + ":" + USER, dir.toString()), false);
            }
            cluster.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", USER,
                    "-E", "UTF8", "--locale=C", "--no-sync"), true);
            cluster.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + cluster.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    "start"), true);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String run(List<String> command, boolean asDatabaseUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asDatabaseUser && asPostgres) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new IOException(String.join(" ", full) + " failed: " + output + log);
        }
        return output;
    }

    /** The port the server listens on at 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * Creates a fresh, empty database.
     *
     * @return its name
     * @throws Exception when {@code createdb} fails
     */
    public synchronized String createDatabase() throws Exception {
        String name = "test_" + (++databases);
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, name), true);
        return name;
    }

    /**
     * The JDBC URL of a database in this cluster.
     *
     * @param database the database's name
     * @return {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Stops the server without waiting for clients (immediate mode) and deletes its directory. */
    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), true);
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
