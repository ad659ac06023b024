package dev.gantry.analysis.packages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an rpm SQLite package database ({@code rpmdb.sqlite}): a service the {@link PackageScanner} finds through
 * {@link java.util.ServiceLoader} when an image holds one. SQLite needs a native library, so the reader lives in
 * a module of its own ({@code gantry-rpmdb}) that only a scan meeting an rpm database loads; without it on the
 * class path the database is reported as not read.
 */
public interface RpmDatabaseReader {
    /**
     * The installed packages of one database, copied out of its layer into a private file.
     *
     * @param file the database, a private copy the reader may only read
     * @param path the database's path in the image, e.g. {@code var/lib/rpm/rpmdb.sqlite}, for messages
     * @return the packages, type {@code rpm}, versions as {@code [EPOCH:]VERSION-RELEASE}
     * @throws MalformedDatabaseException when the file is not an rpm database or a package's header does not
     *                                    parse: the scan reports the database as not read with the message
     * @throws IOException when the file cannot be read
     */
    List<PackageRecord> read(Path file, String path) throws IOException;
}
