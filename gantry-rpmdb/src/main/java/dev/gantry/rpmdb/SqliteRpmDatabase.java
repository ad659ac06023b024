package dev.gantry.rpmdb;

import dev.gantry.analysis.packages.PackageRecord;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * rpm's SQLite backend: one table {@code Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT
 * NULL)} of headers, beside index tables this reader does not need. The file comes from an image, so it is
 * opened read-only, through the data source rather than {@link java.sql.DriverManager} (which would load every
 * JDBC driver on the class path), and {@code Packages} must be a plain table: a view or virtual table could make
 * a query run forever or call functions. Rows are read in {@code hnum} order, at most {@link #MAX_PACKAGES}.
 */
final class SqliteRpmDatabase {
    /** A full distribution installs a few thousand packages. */
    static final int MAX_PACKAGES = 100_000;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteRpmDatabase() {
    }

    static List<PackageRecord> read(Path file, String path) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAGIC.length);
        }
        if (!Arrays.equals(head, MAGIC)) {
            throw new RpmDatabaseException(path, -1, "not a SQLite database (no \"SQLite format 3\" header)", null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        long row = -1;
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement()) {
            // schema entries are not to call functions (SQLite's own hardening for untrusted files)
            s.execute("PRAGMA trusted_schema = OFF");
            requirePlainTable(s, path);
            List<PackageRecord> out = new ArrayList<>();
            int headers = 0;
            try (ResultSet rs = s.executeQuery("SELECT hnum, blob FROM Packages ORDER BY hnum")) {
                while (rs.next()) {
                    row = rs.getLong(1);
                    if (++headers > MAX_PACKAGES) {
                        throw new RpmDatabaseException(path, -1, "more than " + MAX_PACKAGES + " package rows", null);
                    }
                    byte[] blob = rs.getBytes(2);
                    if (blob == null) {
                        throw new RpmDatabaseException(path, row, "no header blob", null);
                    }
                    try {
                        PackageRecord p = RpmPackages.of(RpmHeader.parse(blob));
                        if (p != null) {
                            out.add(p);
                        }
                    } catch (HeaderException e) {
                        throw new RpmDatabaseException(path, row, e.getMessage(), null);
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new RpmDatabaseException(path, row, "SQLite: " + e.getMessage(), e);
        }
    }

    private static void requirePlainTable(Statement s, String path) throws SQLException, RpmDatabaseException {
        try (ResultSet rs = s.executeQuery("SELECT type, sql FROM sqlite_master WHERE name = 'Packages'")) {
            if (!rs.next()) {
                throw new RpmDatabaseException(path, -1, "a SQLite database without rpm's Packages table", null);
            }
            String type = rs.getString(1);
            String sql = rs.getString(2);
            if (!"table".equals(type) || sql == null || sql.strip().toUpperCase(Locale.ROOT).startsWith("CREATE VIRTUAL")) {
                throw new RpmDatabaseException(path, -1, "Packages is a " + ("table".equals(type) ? "virtual table" : type)
                        + ", not the plain table rpm writes", null);
            }
        }
    }
}
