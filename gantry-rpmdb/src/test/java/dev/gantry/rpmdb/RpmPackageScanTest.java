package dev.gantry.rpmdb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.analysis.packages.CycloneDx;
import dev.gantry.analysis.packages.InstalledPackage;
import dev.gantry.analysis.packages.PackageReport;
import dev.gantry.analysis.packages.PackageScanner;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.RpmImages;
import dev.gantry.testing.Rpms;
import dev.gantry.testing.UmociImage;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysis module's package scan finds this module's reader through ServiceLoader. */
class RpmPackageScanTest {
    @TempDir
    Path dir;

    static PackageReport scan(UmociImage image) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(image.ref()))) {
            return new PackageScanner(new LayerWalker()).scan((Image) Images.open(source), image.ref());
        }
    }

    @Test
    void attributesRpmPackagesToTheLayersThatInstalledAndChangedThem() throws IOException {
        UmociImage image = RpmImages.rocky(dir);
        PackageReport report = scan(image);

        // what rpm itself lists from the final layer's database
        assertThat(report.packages().stream().map(p -> p.name() + " " + p.version() + " " + p.arch()).sorted().toList())
                .isEqualTo(Rpms.query(RpmImages.finalRoot(dir), "%{NAME} %{EVR} %{ARCH}"));
        assertThat(report.packages()).extracting(p -> p.name() + " " + p.layer() + "/" + p.changedLayer() + " "
                        + p.source() + " " + p.database())
                .containsExactly(
                        "gantry-new 1/1 null var/lib/rpm/rpmdb.sqlite",
                        "gantry-ssl 0/1 null var/lib/rpm/rpmdb.sqlite",
                        "gantry-ssl-libs 0/1 gantry-ssl var/lib/rpm/rpmdb.sqlite");
        assertThat(report.superseded()).extracting(s -> s.pkg().name() + " " + s.pkg().version() + " -> "
                        + s.replacedLayer() + " " + s.replacement())
                .containsExactlyInAnyOrder("gantry-ssl 1:3.0.7-27.el9 -> 1 1:3.0.7-28.el9",
                        "gantry-ssl-libs 1:3.0.7-27.el9 -> 1 1:3.0.7-28.el9", "gantry-tool 2.1-1.el9 -> 1 null");
        assertThat(report.unread()).isEmpty();
        assertThat(report.notes()).isEmpty();
        assertThat(report.os().distro()).isEqualTo("rocky-9.3");

        JsonNode bom = CycloneDx.bom(report, "test");
        List<String> purls = new ArrayList<>();
        bom.path("components").forEach(c -> purls.add(c.path("purl").asText(c.path("name").asText())));
        assertThat(purls).containsExactly("rocky",
                "pkg:rpm/rocky/gantry-new@0.5-1.el9?arch=x86_64&distro=rocky-9.3",
                "pkg:rpm/rocky/gantry-ssl@3.0.7-28.el9?arch=x86_64&distro=rocky-9.3&epoch=1",
                "pkg:rpm/rocky/gantry-ssl-libs@3.0.7-28.el9?arch=x86_64&distro=rocky-9.3&epoch=1&upstream=gantry-ssl");
    }

    @Test
    void aDatabaseThatDoesNotParseIsNotReadWithItsReason() throws IOException {
        PeerTools.assumeInstalled("umoci");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
                    Files.writeString(root.resolve("usr/lib/sysimage/rpm/rpmdb.sqlite"), "GIF89a, not SQLite");
                });
        PackageReport report = scan(image);
        assertThat(report.packages()).isEmpty();
        assertThat(report.unread()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("usr/lib/sysimage/rpm/rpmdb.sqlite");
            assertThat(u.reason()).isEqualTo("not a SQLite database (no \"SQLite format 3\" header)");
        });
    }

    /** A database whose second header rpm wrote is cut short: not read, naming the row, never "no packages". */
    @Test
    void aCutHeaderMakesTheDatabaseNotReadNamingTheRow() throws Exception {
        PeerTools.assumeInstalled("umoci");
        Path db = RpmDbFixtures.database(RpmDbFixtures.root(dir.resolve("fixture")));
        java.util.Map<Long, byte[]> blobs = RpmDbFixtures.blobs(db);
        long second = blobs.keySet().stream().skip(1).findFirst().orElseThrow();
        RpmDbFixtures.setBlob(db, second, java.util.Arrays.copyOf(blobs.get(second), 100));
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("var/lib/rpm"));
                    Files.copy(db, root.resolve("var/lib/rpm/rpmdb.sqlite"));
                });
        PackageReport report = scan(image);
        assertThat(report.packages()).isEmpty();
        assertThat(report.unread()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("var/lib/rpm/rpmdb.sqlite");
            assertThat(u.layer()).isZero();
            assertThat(u.reason()).startsWith("package row " + second + ": header declares").endsWith("but is 100 bytes");
        });
        assertThat(report.notes()).singleElement().asString()
                .startsWith("package database var/lib/rpm/rpmdb.sqlite (layer 0) was not read: package row " + second);
    }

    /**
     * A committed change not yet checkpointed lives only in rpmdb.sqlite-wal, which the tar holds after the
     * database: reading the database alone would still list the package the change erased.
     */
    @Test
    void readsCommittedChangesStillInTheWriteAheadLog() throws Exception {
        PeerTools.assumeInstalled("umoci");
        Path db = RpmDbFixtures.database(RpmDbFixtures.root(dir.resolve("fixture")));
        long tool = -1;
        for (java.util.Map.Entry<Long, byte[]> e : RpmDbFixtures.blobs(db).entrySet()) {
            if (RpmPackages.of(RpmHeader.parse(e.getValue())).name().equals("gantry-tool")) {
                tool = e.getKey();
            }
        }
        Path wal = db.resolveSibling("rpmdb.sqlite-wal");
        UmociImage image;
        try (java.sql.Connection c = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA wal_autocheckpoint = 0");
            c.createStatement().execute("DELETE FROM Packages WHERE hnum = " + tool);
            assertThat(Files.size(wal)).as("the change is in the log only").isPositive();
            assertThat(SqliteRpmDatabase.read(copyWithoutLog(db), "db")).extracting(p -> p.name()).contains("gantry-tool");
            image = UmociImage.create(dir.resolve("img"))
                    .layer(root -> {
                        Path rpm = Files.createDirectories(root.resolve("var/lib/rpm"));
                        Files.copy(db, rpm.resolve("rpmdb.sqlite"));
                        Files.copy(wal, rpm.resolve("rpmdb.sqlite-wal"));
                    });
        }
        List<String> before = copiesLeft();
        PackageReport report = scan(image);
        assertThat(report.unread()).isEmpty();
        assertThat(report.packages()).extracting(InstalledPackage::name).containsExactly("gantry-ssl", "gantry-ssl-libs");
        // the copies, and the -shm index SQLite made beside them, are gone
        assertThat(copiesLeft()).isEqualTo(before);
    }

    private static List<String> copiesLeft() throws IOException {
        try (java.util.stream.Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gantry-rpmdb-")).sorted().toList();
        }
    }

    private Path copyWithoutLog(Path db) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("nolog")).resolve("rpmdb.sqlite");
        Files.copy(db, copy);
        return copy;
    }
}
