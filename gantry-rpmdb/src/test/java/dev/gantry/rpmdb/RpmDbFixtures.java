package dev.gantry.rpmdb;

import dev.gantry.testing.Rpms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Real rpm databases for the tests, written by rpm; and SQL access to them for damaging copies. */
final class RpmDbFixtures {
    private RpmDbFixtures() {
    }

    /**
     * A rootfs whose rpm database holds gantry-ssl and gantry-ssl-libs 1:3.0.7-27.el9 (one source package) and
     * gantry-tool 2.1-1.el9.
     */
    static Path root(Path dir) throws IOException {
        Path rpms = Files.createDirectories(dir.resolve("rpms"));
        List<Path> ssl = Rpms.build(rpms, "gantry-ssl", "1", "3.0.7", "27.el9", "gantry-ssl-libs");
        List<Path> tool = Rpms.build(rpms, "gantry-tool", null, "2.1", "1.el9");
        Path root = Files.createDirectories(dir.resolve("root"));
        Rpms.rpm(root, "-i", List.of(ssl.get(0).toString(), ssl.get(1).toString(), tool.get(0).toString()));
        return root;
    }

    static Path database(Path root) {
        return root.resolve(Rpms.DB_DIR).resolve("rpmdb.sqlite");
    }

    /** The header blobs by hnum, read with plain SQL. */
    static Map<Long, byte[]> blobs(Path db) throws SQLException {
        Map<Long, byte[]> out = new TreeMap<>();
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT hnum, blob FROM Packages")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getBytes(2));
            }
        }
        return out;
    }

    /** Runs SQL statements against a database (a copy the test damages). */
    static void sql(Path db, String... statements) throws SQLException {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + db)) {
            for (String s : statements) {
                c.createStatement().execute(s);
            }
        }
    }

    static void setBlob(Path db, long hnum, byte[] blob) throws SQLException {
        try (Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + db);
             PreparedStatement p = c.prepareStatement("UPDATE Packages SET blob = ? WHERE hnum = ?")) {
            p.setBytes(1, blob);
            p.setLong(2, hnum);
            p.executeUpdate();
        }
    }
}
