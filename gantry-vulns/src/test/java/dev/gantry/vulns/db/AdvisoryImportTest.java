package dev.gantry.vulns.db;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class AdvisoryImportTest {
    static final Instant BUILT = Instant.parse("2099-02-03T04:05:06Z");

    @TempDir
    Path dir;

    public static Path fixture(String name) {
        try {
            return Path.of(AdvisoryImportTest.class.getResource("/dev/gantry/vulns/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static AdvisoryImporter importer() {
        return new AdvisoryImporter(Clock.fixed(BUILT, ZoneOffset.UTC));
    }

    public static DbInfo importAll(Path db, Path... inputs) throws IOException {
        return importer().importAll(Stream.of(inputs).map(p -> new AdvisoryImporter.Input(p, p.getFileName().toString())).toList(), db);
    }

    private static Advisory only(List<Advisory> list, String id) {
        return list.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " not in " + list));
    }

    @Test
    void importsDebianTrackerStatusesPerRelease() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        DbInfo info = importAll(db, fixture("debian-tracker.json"));
        assertThat(info.builtAt()).isEqualTo(BUILT);
        assertThat(info.sources()).singleElement().satisfies(s -> {
            assertThat(s.format()).isEqualTo("debian-tracker");
            assertThat(s.advisories()).isEqualTo(15);
        });
        try (AdvisoryDb open = AdvisoryDb.open(db)) {
            List<Advisory> glibc = open.lookup("Debian:12", "gantry-glibc");
            assertThat(glibc).extracting(Advisory::id).containsExactly("CVE-2099-2001", "CVE-2099-2002", "CVE-2099-2003",
                    "CVE-2099-2004", "CVE-2099-2005", "CVE-2099-2006", "CVE-2099-2007");
            assertThat(only(glibc, "CVE-2099-2001").ranges()).containsExactly(Range.fixedAt("2.36-9"));
            assertThat(only(glibc, "CVE-2099-2001").severity()).isEqualTo(Severity.HIGH);
            assertThat(only(glibc, "CVE-2099-2003").status()).isEqualTo(Status.UNIMPORTANT);
            assertThat(only(glibc, "CVE-2099-2004").status()).isEqualTo(Status.NO_DSA);
            assertThat(only(glibc, "CVE-2099-2004").note()).isEqualTo("no-dsa: Minor issue (postponed)");
            assertThat(only(glibc, "CVE-2099-2005").status()).isEqualTo(Status.NOT_AFFECTED);
            assertThat(only(glibc, "CVE-2099-2006").status()).isEqualTo(Status.UNDETERMINED);
            assertThat(open.lookup("Debian:11", "gantry-glibc")).extracting(Advisory::id)
                    .containsExactly("CVE-2099-2001", "TEMP-0000000-2B1C3A");
            assertThat(open.lookup("Debian:sid", "gantry-a")).extracting(Advisory::id).containsExactly("CVE-2099-1002");
            assertThat(open.lookup("Debian:12", "no-such-package")).isEmpty();
        }
    }

    @Test
    void importsAlpineSecdbWithAliasesAndNeverAffectedEntries() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        importAll(db, fixture("alpine-v3.19-main.json"));
        try (AdvisoryDb open = AdvisoryDb.open(db)) {
            List<Advisory> openssl = open.lookup("Alpine:v3.19", "openssl");
            assertThat(openssl).hasSize(4);
            assertThat(only(openssl, "CVE-2023-5678").ranges()).containsExactly(Range.fixedAt("3.1.4-r3"));
            assertThat(only(openssl, "CVE-2099-6002").aliases()).containsExactly("GHSA-aaaa-bbbb-cccc");
            assertThat(only(openssl, "CVE-2022-3358").status()).isEqualTo(Status.NOT_AFFECTED);
            assertThat(open.info().sources().getFirst().format()).isEqualTo("alpine-secdb");
        }
    }

    @Test
    void importsOsvFilesAndZipExportsAlike() throws IOException {
        Path zip = dir.resolve("all.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("DSA-9999-1.json", "OSV-2099-7.json", "GHSA-xxxx-withdrawn.json")) {
                out.putNextEntry(new ZipEntry(name));
                Files.copy(fixture("osv/" + name), out);
                out.closeEntry();
            }
        }
        Path fromZip = dir.resolve("zip.gvdb");
        Path fromDir = dir.resolve("dir.gvdb");
        importAll(fromZip, zip);
        importAll(fromDir, fixture("osv"));
        for (Path db : List.of(fromZip, fromDir)) {
            try (AdvisoryDb open = AdvisoryDb.open(db)) {
                Advisory dsa = open.lookup("Debian:12", "gantry-dsrc").getFirst();
                assertThat(dsa.id()).isEqualTo("DSA-9999-1");
                assertThat(dsa.aliases()).containsExactly("CVE-2099-5001");
                assertThat(dsa.severity()).isEqualTo(Severity.CRITICAL); // CVSS 3.1 base score 9.8
                Advisory osv = open.lookup("Debian", "gantry-a").getFirst();
                assertThat(osv.ranges()).singleElement().isEqualTo(new Range(List.of(
                        new Range.Event(Range.Kind.INTRODUCED, "0"), new Range.Event(Range.Kind.LAST_AFFECTED, "1.0-1"))));
                assertThat(osv.severity()).isEqualTo(Severity.MEDIUM);
                // the withdrawn advisory is left out
                assertThat(open.lookup("Debian:12", "gantry-a")).isEmpty();
                assertThat(open.info().advisories()).isEqualTo(2);
            }
        }
    }

    @Test
    void computesCvss3BaseScores() {
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isEqualTo(9.8);
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).isEqualTo(6.1);
        assertThat(Cvss3.score("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N")).isEqualTo(5.5);
        assertThat(Cvss3.score("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N")).isEqualTo(0.0);
        assertThat(Cvss3.score("CVSS:2.0/AV:N")).isEqualTo(-1);
    }

    @Test
    void aCorruptEntryNamesFileAndEntryAndKeepsThePreviousDatabase() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        importAll(db, fixture("alpine-v3.19-main.json"));
        byte[] before = Files.readAllBytes(db);
        Path bad = dir.resolve("tracker-bad.json");
        Files.writeString(bad, Files.readString(fixture("debian-tracker.json"))
                .replace("\"status\": \"undetermined\"", "\"status\": \"maybe\""));
        assertThatThrownBy(() -> importAll(db, fixture("osv"), bad))
                .isInstanceOf(AdvisoryFormatException.class)
                .hasMessageContaining("tracker-bad.json")
                .hasMessageContaining("entry gantry-glibc/CVE-2099-2006")
                .hasMessageContaining("unknown status \"maybe\"")
                .hasMessageContaining("previous database is unchanged")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aTruncatedFileFailsTheImportAndKeepsThePreviousDatabase() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        importAll(db, fixture("alpine-v3.19-main.json"));
        String tracker = Files.readString(fixture("debian-tracker.json"));
        Path cut = Files.writeString(dir.resolve("cut.json"), tracker.substring(0, tracker.length() * 2 / 3));
        assertThatThrownBy(() -> importAll(db, cut))
                .isInstanceOf(AdvisoryFormatException.class)
                .hasMessageContaining("cut.json")
                .hasMessageContaining("entry gantry-glibc/");
        try (AdvisoryDb open = AdvisoryDb.open(db)) {
            assertThat(open.lookup("Alpine:v3.19", "openssl")).hasSize(4);
            assertThat(open.info().sources()).extracting(DbInfo.Source::name).containsExactly("alpine-v3.19-main.json");
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void refusesAnOsvRangeEventWithTwoKinds() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"id": "OSV-BAD-1", "affected": [{"package": {"ecosystem": "Debian:12", "name": "x"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1.0"}]}]}]}
                """);
        assertThatThrownBy(() -> importAll(dir.resolve("x.gvdb"), bad))
                .hasMessageContaining("bad.json, entry OSV-BAD-1: a range event must have exactly one");
        assertThat(dir.resolve("x.gvdb")).doesNotExist();
    }

    @Test
    void aDamagedDatabaseFileIsRefusedNamingIt() throws IOException {
        Path db = dir.resolve("advisories.gvdb");
        importAll(db, fixture("alpine-v3.19-main.json"));
        byte[] bytes = Files.readAllBytes(db);
        Files.write(db, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> AdvisoryDb.open(db)).hasMessageContaining(db.toString()).hasMessageContaining("damaged");
    }

    @Test
    void updateDownloadsFromConfiguredUrlsAndKeepsTheOldDatabaseWhenOneFails() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = path.equals("/tracker/data/json") ? fixture("debian-tracker.json")
                    : path.equals("/v3.19/main.json") ? fixture("alpine-v3.19-main.json") : null;
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody(); InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        });
        server.start();
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path db = dir.resolve("cache/gantry/vulns/advisories.gvdb");
            DbUpdater updater = new DbUpdater(client, importer());
            DbInfo info = updater.update(List.of(base + "/tracker/data/json", base + "/v3.19/main.json"), db);
            assertThat(info.sources()).extracting(DbInfo.Source::name)
                    .containsExactly(base + "/tracker/data/json", base + "/v3.19/main.json");
            assertThat(info.sources()).extracting(DbInfo.Source::format).containsExactly("debian-tracker", "alpine-secdb");
            byte[] before = Files.readAllBytes(db);
            assertThatThrownBy(() -> updater.update(List.of(base + "/tracker/data/json", base + "/v3.20/main.json"), db))
                    .hasMessageContaining(base + "/v3.20/main.json").hasMessageContaining("404");
            assertThat(Files.readAllBytes(db)).isEqualTo(before);
            try (Stream<Path> files = Files.list(db.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("advisories.gvdb");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void locatesTheDatabaseUnderTheUsersCacheDirectory() {
        assertThat(DbLocation.file(null, java.util.Map.of("XDG_CACHE_HOME", "/x/cache")))
                .isEqualTo(Path.of("/x/cache/gantry/vulns/advisories.gvdb"));
        assertThat(DbLocation.file(null, java.util.Map.of("XDG_CACHE_HOME", "/x/cache", "GANTRY_VULNS_DB", "/y")))
                .isEqualTo(Path.of("/y/advisories.gvdb"));
        assertThat(DbLocation.file(Path.of("/z"), java.util.Map.of("GANTRY_VULNS_DB", "/y")))
                .isEqualTo(Path.of("/z/advisories.gvdb"));
        assertThat(DbLocation.directory(null, java.util.Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "gantry", "vulns"));
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList();
        }
    }
}
