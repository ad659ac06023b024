package dev.gantry.rpmdb;

import dev.gantry.analysis.packages.PackageRecord;
import dev.gantry.analysis.packages.RpmDatabaseReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link RpmDatabaseReader} service. ServiceLoader instantiates it when listing providers; it names no
 * SQLite class itself, so sqlite-jdbc loads only when a database is read ({@link SqliteRpmDatabase}).
 */
public final class SqliteRpmDatabaseReader implements RpmDatabaseReader {
    /** The provider, as ServiceLoader makes it. */
    public SqliteRpmDatabaseReader() {
    }

    /**
     * Lists the packages of an rpm SQLite database.
     *
     * @param file the database, a private copy
     * @param path its path in the image, for messages
     * @return the packages in {@code hnum} order, without {@code gpg-pubkey} entries
     * @throws RpmDatabaseException when it is not an rpm SQLite database or a header does not parse
     * @throws IOException when the file cannot be read
     */
    @Override
    public List<PackageRecord> read(Path file, String path) throws IOException {
        return SqliteRpmDatabase.read(file, path);
    }
}
