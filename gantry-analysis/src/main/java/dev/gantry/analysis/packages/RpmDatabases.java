package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * rpm's package databases as the scan meets them. rpm has kept its database in three formats: Berkeley DB
 * ({@code Packages}, RHEL 8 and older), ndb ({@code Packages.db}, SUSE) and SQLite ({@code rpmdb.sqlite}, Fedora
 * 33+, RHEL 9 and its rebuilds). Only SQLite is read, through an {@link RpmDatabaseReader} service; the others are
 * reported as not read with the reason. SQLite opens files, not streams, so a layer's database is copied out to a
 * private temporary directory (at most {@link #MAX_BYTES}), with its write-ahead log {@code rpmdb.sqlite-wal}
 * when the layer has a non-empty one (committed transactions not yet checkpointed into the database live only
 * there), and read when the layer ends: the log follows the database in a tar's name order. The directory is
 * deleted once read.
 */
final class RpmDatabases {
    /** A full Fedora or RHEL image's database is 5-30 MB; a bigger one is refused rather than copied. */
    static final long MAX_BYTES = 256L << 20;
    private static final String WAL = "-wal";
    private static final String DB_FILE = "rpmdb.sqlite";

    static final List<String> SQLITE = List.of("var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite");
    static final List<String> BERKELEY_DB = List.of("var/lib/rpm/Packages", "usr/lib/sysimage/rpm/Packages");
    static final List<String> NDB = List.of("var/lib/rpm/Packages.db", "usr/lib/sysimage/rpm/Packages.db");

    /** Looked up once, on the first SQLite database a scan meets: a scan of an image without one loads no reader. */
    private static volatile Lookup reader;

    private record Lookup(RpmDatabaseReader reader) {
    }

    private RpmDatabases() {
    }

    static boolean isRpmDatabase(String path) {
        return SQLITE.contains(path) || BERKELEY_DB.contains(path) || NDB.contains(path);
    }

    /** The SQLite database whose write-ahead log {@code path} is, or null. */
    static String walOf(String path) {
        if (!path.endsWith(WAL)) {
            return null;
        }
        String db = path.substring(0, path.length() - WAL.length());
        return SQLITE.contains(db) ? db : null;
    }

    /** Why a database in a format Gantry does not read was not read, or null for SQLite. */
    static String unreadFormat(String path) {
        if (BERKELEY_DB.contains(path)) {
            return "an rpm Berkeley DB database (RHEL/CentOS 8 and older): Gantry reads only rpm's SQLite format";
        }
        if (NDB.contains(path)) {
            return "an rpm ndb database (SUSE): Gantry reads only rpm's SQLite format";
        }
        return null;
    }

    /**
     * One layer's SQLite databases and logs, copied out as the layer streams by and read when it ends. Closing it
     * deletes whatever is left, so a walk that fails midway leaves no copy behind.
     */
    static final class Staging implements AutoCloseable {
        private final Map<String, Staged> staged = new LinkedHashMap<>();

        private static final class Staged {
            Path dir;
            long bytes;
            boolean database;
            String refused;
        }

        /** Copies a database ({@code wal} false) or its log out of the layer. */
        void add(String dbPath, InputStream content, long size, boolean wal) throws IOException {
            Staged s = staged.computeIfAbsent(dbPath, p -> new Staged());
            s.database |= !wal;
            if (s.refused != null || (wal && size == 0)) {
                return;
            }
            if (s.bytes + size > MAX_BYTES) {
                s.refused = "an rpm SQLite database of " + (s.bytes + size) + " bytes with its log, more than the "
                        + MAX_BYTES + " Gantry copies out to read";
                return;
            }
            if (s.dir == null) {
                // createTempDirectory makes it accessible to its owner only
                s.dir = Files.createTempDirectory("gantry-rpmdb-");
            }
            try (OutputStream out = Files.newOutputStream(s.dir.resolve(wal ? DB_FILE + WAL : DB_FILE))) {
                long copied = content.transferTo(out);
                if (copied != size) {
                    s.refused = "an rpm SQLite " + (wal ? "log" : "database") + " whose layer entry declared " + size
                            + " bytes but held " + copied;
                }
            }
            s.bytes += size;
        }

        /** The staged databases by path, each read (or refused), in the order the layer held them; then deleted. */
        Map<String, ParsedDatabase> read() throws IOException {
            Map<String, ParsedDatabase> out = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Staged> e : staged.entrySet()) {
                    Staged s = e.getValue();
                    if (!s.database) {
                        continue; // a log whose database this layer did not write: the lower copy stays as read
                    }
                    out.put(e.getKey(), s.refused != null ? ParsedDatabase.unread(s.refused) : readOne(s.dir, e.getKey()));
                }
            } finally {
                close();
            }
            return out;
        }

        private static ParsedDatabase readOne(Path dir, String path) throws IOException {
            RpmDatabaseReader r = reader();
            if (r == null) {
                return ParsedDatabase.unread("an rpm SQLite database: reading it needs the gantry-rpmdb module (sqlite-jdbc), "
                        + "which is not on the class path");
            }
            try {
                return new ParsedDatabase(r.read(dir.resolve(DB_FILE), path), null);
            } catch (MalformedDatabaseException e) {
                return ParsedDatabase.unread(e.reason());
            }
        }

        boolean isEmpty() {
            return staged.isEmpty();
        }

        @Override
        public void close() throws IOException {
            IOException failed = null;
            for (Staged s : staged.values()) {
                if (s.dir == null) {
                    continue;
                }
                // the database, its log, and the -shm index SQLite makes beside them
                List<Path> files = new ArrayList<>();
                try (Stream<Path> list = Files.list(s.dir)) {
                    list.forEach(files::add);
                } catch (IOException e) {
                    failed = e;
                }
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(s.dir);
            }
            staged.clear();
            if (failed != null) {
                throw failed;
            }
        }
    }

    private static RpmDatabaseReader reader() {
        Lookup found = reader;
        if (found == null) {
            Iterator<RpmDatabaseReader> it = ServiceLoader.load(RpmDatabaseReader.class,
                    RpmDatabases.class.getClassLoader()).iterator();
            found = new Lookup(it.hasNext() ? it.next() : null);
            reader = found;
        }
        return found.reader();
    }
}
