package dev.gantry.analysis.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * rpm's package databases as the scan meets them. rpm has kept its database in three formats: Berkeley DB
 * ({@code Packages}, RHEL 8 and older), ndb ({@code Packages.db}, SUSE) and SQLite ({@code rpmdb.sqlite}, Fedora
 * 33+, RHEL 9 and its rebuilds). Only SQLite is read, through an {@link RpmDatabaseReader} service; the others are
 * reported as not read with the reason. SQLite opens files, not streams, so the database is copied out of its
 * layer to a private temporary file (at most {@link #MAX_BYTES}) and deleted once read.
 */
final class RpmDatabases {
    /** A full Fedora or RHEL image's database is 5-30 MB; a bigger one is refused rather than copied. */
    static final long MAX_BYTES = 256L << 20;

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
     * The packages of a SQLite database streaming by.
     *
     * @throws MalformedDatabaseException when it is not read: no reader, too big, or the reader's refusal
     */
    static List<PackageRecord> readSqlite(InputStream content, long size, String path) throws IOException {
        RpmDatabaseReader r = reader();
        if (r == null) {
            throw new MalformedDatabaseException("an rpm SQLite database: reading it needs the gantry-rpmdb module "
                    + "(sqlite-jdbc), which is not on the class path");
        }
        if (size > MAX_BYTES) {
            throw new MalformedDatabaseException("an rpm SQLite database of " + size + " bytes, more than the "
                    + MAX_BYTES + " Gantry copies out to read");
        }
        // createTempFile makes it readable by its owner only
        Path copy = Files.createTempFile("gantry-rpmdb-", ".sqlite");
        try {
            try (OutputStream out = Files.newOutputStream(copy)) {
                long copied = content.transferTo(out);
                if (copied != size) {
                    throw new MalformedDatabaseException("an rpm SQLite database whose layer entry declared " + size
                            + " bytes but held " + copied);
                }
            }
            return r.read(copy, path);
        } finally {
            Files.deleteIfExists(copy);
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
