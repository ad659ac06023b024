package dev.gantry.analysis.packages;

import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.testing.Debs;
import dev.gantry.testing.PeerTools;
import dev.gantry.testing.UmociImage;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackageScannerTest {
    static final String DEBIAN_OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            """;

    @TempDir
    Path dir;

    static PackageReport scan(UmociImage image) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(image.ref()))) {
            return new PackageScanner(new LayerWalker()).scan((Image) Images.open(source), image.ref());
        }
    }

    static List<String> described(PackageReport report) {
        return report.packages().stream()
                .map(p -> p.type() + " " + p.name() + " " + p.version() + " " + p.arch() + " " + p.layer() + "/" + p.changedLayer())
                .toList();
    }

    /**
     * Layer 0: os-release (as etc/os-release links to it in Debian) and dpkg installs a, b, c.
     * Layer 1: dpkg upgrades a, installs d, removes c.
     */
    static UmociImage debianImage(Path dir) throws IOException {
        PeerTools.assumeInstalled("umoci", "dpkg", "dpkg-deb");
        Path debs = Files.createDirectories(dir.resolve("debs"));
        Path a1 = Debs.build(debs, "gantry-a", "1.0-1", null);
        Path a2 = Debs.build(debs, "gantry-a", "1:1.1-2", null);
        Path b = Debs.build(debs, "gantry-b", "2.36-9", "gantry-glibc (2.36-8)");
        Path c = Debs.build(debs, "gantry-c", "0.1", null);
        Path d = Debs.build(debs, "gantry-d", "4.0", "gantry-dsrc");
        return UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("usr/lib"));
                    Files.writeString(root.resolve("usr/lib/os-release"), DEBIAN_OS_RELEASE);
                    Files.createDirectories(root.resolve("etc"));
                    Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
                    Debs.dpkg(root, "-i", a1.toString(), b.toString(), c.toString());
                })
                .layer(root -> {
                    Debs.dpkg(root, "-i", a2.toString(), d.toString());
                    Debs.dpkg(root, "--purge", "gantry-c");
                });
    }

    @Test
    void attributesDpkgPackagesToTheLayersThatInstalledAndChangedThem() throws IOException {
        PackageReport report = scan(debianImage(dir));
        assertThat(described(report)).containsExactly(
                "deb gantry-a 1:1.1-2 amd64 0/1",
                "deb gantry-b 2.36-9 amd64 0/0",
                "deb gantry-d 4.0 amd64 1/1");
        assertThat(report.os().distro()).isEqualTo("debian-12");
        InstalledPackage b = report.packages().get(1);
        assertThat(b.source()).isEqualTo("gantry-glibc");
        assertThat(b.sourceVersion()).isEqualTo("2.36-8");
        assertThat(b.database()).isEqualTo("var/lib/dpkg/status");
        assertThat(b.layerDigest()).isNotEqualTo(report.packages().get(2).layerDigest()).startsWith("sha256:");
        assertThat(report.notes()).isEmpty();
        assertThat(report.unread()).isEmpty();
        assertThat(report.superseded()).extracting(
                        x -> x.pkg().name() + " " + x.pkg().version() + " " + x.pkg().changedLayer() + "->" + x.replacedLayer()
                                + " " + x.replacement())
                .containsExactlyInAnyOrder("gantry-a 1.0-1 0->1 1:1.1-2", "gantry-c 0.1 0->1 null");
    }

    @Test
    void reportsADamagedStatusFileAsNotReadRatherThanEmpty() throws IOException {
        PeerTools.assumeInstalled("umoci");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("var/lib/dpkg"));
                    Files.write(root.resolve("var/lib/dpkg/status"), new byte[]{'P', 'K', 3, 4, 0, 0, '\n', 'x', '\n'});
                });
        PackageReport report = scan(image);
        assertThat(report.packages()).isEmpty();
        assertThat(report.unread()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("var/lib/dpkg/status");
            assertThat(u.reason()).contains("line 1");
        });
        assertThat(report.notes()).singleElement().asString().contains("was not read");
    }

    @Test
    void readsDistrolessStatusDirectoryAndForgetsPackagesWhoseFilesAreDeleted() throws IOException {
        PeerTools.assumeInstalled("umoci", "dpkg-deb");
        Path debs = Files.createDirectories(dir.resolve("debs"));
        // distroless writes `dpkg-deb -f` output (the control fields, no Status) as status.d/NAME
        String libx = PeerTools.stdout(debs, "dpkg-deb", "-f", Debs.build(debs, "gantry-libx", "3.0.11-1", "gantry-x").toString());
        String tz = PeerTools.stdout(debs, "dpkg-deb", "-f", Debs.build(debs, "gantry-tz", "2024a-0", null).toString());
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("var/lib/dpkg/status.d"));
                    Files.writeString(root.resolve("var/lib/dpkg/status.d/gantry-libx"), libx);
                    Files.writeString(root.resolve("var/lib/dpkg/status.d/gantry-libx.md5sums"), "d41d8cd98f00b204e9800998ecf8427e  x\n");
                    Files.writeString(root.resolve("var/lib/dpkg/status.d/gantry-tz"), tz);
                })
                .layer(root -> Files.delete(root.resolve("var/lib/dpkg/status.d/gantry-tz")));
        PackageReport report = scan(image);
        assertThat(described(report)).containsExactly("deb gantry-libx 3.0.11-1 amd64 0/0");
        assertThat(report.packages().getFirst().database()).isEqualTo("var/lib/dpkg/status.d/gantry-libx");
    }

    /** The apk installed db as apk-tools writes it (apk/src/database.c: one letter, a colon, the value). */
    static String apkEntry(String name, String version, String origin) {
        return "C:Q1" + "A".repeat(27) + "=\nP:" + name + "\nV:" + version + "\nA:x86_64\nS:1000\nI:4096\nT:" + name
                + " library\nU:https://example.org\nL:MIT\no:" + origin + "\nm:Tests <tests@example.org>\nt:1700000000\n"
                + "c:0123456789abcdef0123456789abcdef01234567\nD:so:libc.musl-x86_64.so.1\np:so:lib" + name + ".so.1=1\n"
                + "F:usr/lib\nR:lib" + name + ".so.1\na:0:0:755\nZ:Q1" + "B".repeat(27) + "=\n\n";
    }

    @Test
    void readsApkInstalledDbAcrossLayers() throws IOException {
        PeerTools.assumeInstalled("umoci");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("etc"));
                    Files.writeString(root.resolve("etc/os-release"),
                            "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n");
                    Files.createDirectories(root.resolve("lib/apk/db"));
                    Files.writeString(root.resolve("lib/apk/db/installed"), apkEntry("musl", "1.2.4_git20230717-r4", "musl")
                            + apkEntry("libcrypto3", "3.1.4-r2", "openssl") + apkEntry("zlib", "1.3-r2", "zlib"));
                })
                .layer(root -> Files.writeString(root.resolve("lib/apk/db/installed"),
                        apkEntry("musl", "1.2.4_git20230717-r4", "musl") + apkEntry("libcrypto3", "3.1.4-r5", "openssl")
                                + apkEntry("curl", "8.5.0-r0", "curl")));
        PackageReport report = scan(image);
        assertThat(described(report)).containsExactly(
                "apk curl 8.5.0-r0 x86_64 1/1",
                "apk libcrypto3 3.1.4-r5 x86_64 0/1",
                "apk musl 1.2.4_git20230717-r4 x86_64 0/0");
        assertThat(report.packages().get(1).source()).isEqualTo("openssl");
        assertThat(report.os().distro()).isEqualTo("alpine-3.19.1");
    }

    /**
     * gantry-analysis alone has no rpm reader (it is in gantry-rpmdb, not on this module's class path), and no
     * reader anywhere knows Berkeley DB or ndb: each database is not read, with its own reason.
     */
    @Test
    void saysWhyEachRpmDatabaseIsNotRead() throws IOException {
        PeerTools.assumeInstalled("umoci");
        UmociImage image = UmociImage.create(dir.resolve("img"))
                .layer(root -> {
                    Files.createDirectories(root.resolve("var/lib/rpm"));
                    Files.write(root.resolve("var/lib/rpm/rpmdb.sqlite"), "SQLite format 3\0".getBytes());
                    Files.write(root.resolve("var/lib/rpm/Packages"), new byte[]{0, 6, 0x15, 0x61, 0, 0, 0, 9});
                    Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
                    Files.write(root.resolve("usr/lib/sysimage/rpm/Packages.db"), "RpmP".getBytes());
                });
        PackageReport report = scan(image);
        assertThat(report.packages()).isEmpty();
        assertThat(report.notes()).hasSize(3).allMatch(n -> n.contains("was not read"));
        assertThat(report.unread()).extracting(u -> u.path() + ": " + u.reason()).containsExactlyInAnyOrder(
                "var/lib/rpm/rpmdb.sqlite: an rpm SQLite database: reading it needs the gantry-rpmdb module "
                        + "(sqlite-jdbc), which is not on the class path",
                "var/lib/rpm/Packages: an rpm Berkeley DB database (RHEL/CentOS 8 and older): Gantry reads only "
                        + "rpm's SQLite format",
                "usr/lib/sysimage/rpm/Packages.db: an rpm ndb database (SUSE): Gantry reads only rpm's SQLite format");
    }
}
