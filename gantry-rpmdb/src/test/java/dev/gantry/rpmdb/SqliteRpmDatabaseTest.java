package dev.gantry.rpmdb;

import dev.gantry.analysis.packages.PackageRecord;
import dev.gantry.testing.Rpms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteRpmDatabaseTest {
    static final String PATH = "var/lib/rpm/rpmdb.sqlite";

    @TempDir
    Path dir;

    @Test
    void listsWhatRpmItselfListsFromTheDatabaseRpmWrote() throws Exception {
        Path root = RpmDbFixtures.root(dir);
        List<PackageRecord> read = SqliteRpmDatabase.read(RpmDbFixtures.database(root), PATH);

        assertThat(read.stream().map(p -> p.name() + " " + p.version() + " " + p.arch()).sorted().toList())
                .isEqualTo(Rpms.query(root, "%{NAME} %{EVR} %{ARCH}"));
        assertThat(read).allMatch(p -> p.type().equals("rpm"));
        // SOURCERPM gantry-ssl-3.0.7-27.el9.src.rpm, as rpm reports it, names the subpackage's source
        assertThat(Rpms.query(root, "%{NAME} %{SOURCERPM}")).contains("gantry-ssl-libs gantry-ssl-3.0.7-27.el9.src.rpm");
        assertThat(read).filteredOn(p -> p.name().equals("gantry-ssl-libs")).singleElement()
                .satisfies(p -> {
                    assertThat(p.source()).isEqualTo("gantry-ssl");
                    assertThat(p.sourceVersion()).isNull();
                    assertThat(p.version()).isEqualTo("1:3.0.7-27.el9");
                });
        assertThat(read).filteredOn(p -> p.name().equals("gantry-ssl") || p.name().equals("gantry-tool"))
                .allMatch(p -> p.source() == null);
    }

    @Test
    void aTruncatedHeaderNamesTheDatabaseAndRow() throws Exception {
        Path db = RpmDbFixtures.database(RpmDbFixtures.root(dir));
        Map<Long, byte[]> blobs = RpmDbFixtures.blobs(db);
        long second = blobs.keySet().stream().skip(1).findFirst().orElseThrow();
        RpmDbFixtures.setBlob(db, second, Arrays.copyOf(blobs.get(second), 100));

        assertThatThrownBy(() -> SqliteRpmDatabase.read(db, PATH))
                .isInstanceOfSatisfying(RpmDatabaseException.class, e -> {
                    assertThat(e.path()).isEqualTo(PATH);
                    assertThat(e.row()).isEqualTo(second);
                })
                .hasMessageStartingWith(PATH + ", package row " + second + ": header declares")
                .hasMessageContaining("but is 100 bytes");
    }

    @Test
    void refusesAFileThatIsNotSqlite() throws IOException {
        Path db = Files.writeString(dir.resolve("rpmdb.sqlite"), "not a database at all, just text\n");
        assertThatThrownBy(() -> SqliteRpmDatabase.read(db, PATH)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(PATH + ": not a SQLite database (no \"SQLite format 3\" header)");
    }

    @Test
    void refusesADamagedSqliteFile() throws Exception {
        Path db = RpmDbFixtures.database(RpmDbFixtures.root(dir));
        byte[] bytes = Files.readAllBytes(db);
        // keep SQLite's header, overwrite every page after the first with garbage
        for (int i = 4096; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        Files.write(db, bytes);
        assertThatThrownBy(() -> SqliteRpmDatabase.read(db, PATH)).isInstanceOf(RpmDatabaseException.class)
                .hasMessageStartingWith(PATH).hasMessageContaining("SQLite");
    }

    @Test
    void refusesADatabaseWithoutRpmsTable() throws Exception {
        Path db = dir.resolve("other.sqlite");
        RpmDbFixtures.sql(db, "CREATE TABLE Other (x)");
        assertThatThrownBy(() -> SqliteRpmDatabase.read(db, PATH)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(PATH + ": a SQLite database without rpm's Packages table");
    }

    /** A view over a recursive query never ends; the reader must not run it. */
    @Test
    @Timeout(60)
    void refusesPackagesThatIsAViewRatherThanRunningIt() throws Exception {
        Path db = dir.resolve("view.sqlite");
        RpmDbFixtures.sql(db, "CREATE VIEW Packages AS WITH RECURSIVE n(hnum, blob) AS "
                + "(SELECT 1, x'00' UNION ALL SELECT hnum + 1, blob FROM n) SELECT hnum, blob FROM n");
        assertThatThrownBy(() -> SqliteRpmDatabase.read(db, PATH)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(PATH + ": Packages is a view, not the plain table rpm writes");
    }

    @Test
    void aHeaderDeclaringAHugeIndexIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Path db = RpmDbFixtures.database(RpmDbFixtures.root(dir));
        long first = RpmDbFixtures.blobs(db).keySet().iterator().next();
        RpmDbFixtures.setBlob(db, first, new byte[]{0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0});
        assertThatThrownBy(() -> SqliteRpmDatabase.read(db, PATH)).isInstanceOf(RpmDatabaseException.class)
                .hasMessage(PATH + ", package row " + first + ": header index count 2147483647 outside 1..65535");
    }
}
