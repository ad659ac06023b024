package dev.gantry.analysis.packages;

import dev.gantry.testing.GoProgram;
import dev.gantry.testing.JavaArchives;
import dev.gantry.testing.UmociImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GoBinariesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheModulesOfABinaryBuiltByGoAsGoVersionMShowsThem() throws IOException {
        Path binary = GoProgram.build(dir.resolve("go"));
        List<String> expected = GoProgram.goVersionM(dir.resolve("go"), binary);
        assertThat(expected).as("the build").contains(GoProgram.GREET + " " + GoProgram.GREET_VERSION,
                "example.com/local v0.0.0", "example.com/app (devel)");

        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            Files.createDirectories(root.resolve("usr/local/bin"));
            Files.copy(binary, root.resolve("usr/local/bin/app"));
            Files.setPosixFilePermissions(root.resolve("usr/local/bin/app"), PosixFilePermissions.fromString("rwxr-xr-x"));
        });
        PackageReport report = PackageScannerTest.scan(image);
        assertThat(report.packages()).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo("golang");
            assertThat(p.database()).isEqualTo("usr/local/bin/app");
        });
        assertThat(report.packages()).extracting(p -> p.name() + " " + p.version())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.unread()).isEmpty();
    }

    /**
     * Go binaries Debian built (cgo and the external linker for umoci and docker-registry, GOPATH mode so no
     * module lines): whatever {@code go version -m} says of each, the scan says too.
     */
    @Test
    void agreesWithGoVersionMOnDebiansGoBinaries() throws IOException {
        GoProgram.assumeGo();
        List<Path> binaries = Stream.of("/usr/bin/umoci", "/usr/bin/docker-registry", "/usr/lib/go-1.19/bin/gofmt")
                .map(Path::of).filter(Files::isRegularFile).toList();
        assertThat(binaries).as("umoci, docker-registry (test peers) or Debian's gofmt").isNotEmpty();
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            Files.createDirectories(root.resolve("bin"));
            for (Path b : binaries) {
                Files.copy(b, root.resolve("bin/" + b.getFileName()));
                Files.setPosixFilePermissions(root.resolve("bin/" + b.getFileName()), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        });
        PackageReport report = PackageScannerTest.scan(image);
        for (Path b : binaries) {
            assertThat(report.packages()).filteredOn(p -> p.database().equals("bin/" + b.getFileName()))
                    .extracting(p -> p.name() + " " + p.version()).as(b.toString())
                    .containsExactlyInAnyOrderElementsOf(GoProgram.goVersionM(dir, b));
        }
        assertThat(report.unread()).isEmpty();
    }

    /** Cut at several places: each is reported as not read (or not recognised at all), never a crash or a hang. */
    @Test
    void reportsTruncatedBinariesAsNotRead() throws IOException {
        Path binary = GoProgram.build(dir.resolve("go"));
        long size = Files.size(binary);
        long[] cuts = {70_000, size / 3, size / 2, size * 9 / 10, size - 1};
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            Files.createDirectories(root.resolve("bin"));
            for (long cut : cuts) {
                Path cutFile = root.resolve("bin/cut-" + cut);
                GoProgram.copyPrefix(binary, cutFile, cut);
                Files.setPosixFilePermissions(cutFile, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        });
        PackageReport report = PackageScannerTest.scan(image);
        // the build information sits early in the data segment: a cut after it keeps it readable, a cut before
        // it does not; whichever it is, nothing fails
        for (UnreadDatabase u : report.unread()) {
            assertThat(u.reason()).startsWith("Go binary whose build information was not read: ");
        }
        assertThat(report.unread()).extracting(UnreadDatabase::path).contains("bin/cut-70000");
        assertThat(report.packages()).extracting(InstalledPackage::database).doesNotContain("bin/cut-70000");
    }

    @Test
    void leavesOtherExecutablesAlone() throws IOException {
        UmociImage image = UmociImage.create(dir.resolve("img")).layer(root -> {
            Files.createDirectories(root.resolve("bin"));
            Files.copy(Path.of("/bin/ls"), root.resolve("bin/ls"));
            Files.setPosixFilePermissions(root.resolve("bin/ls"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path script = Files.writeString(root.resolve("bin/script"), "#!/bin/sh\n" + "echo x\n".repeat(20_000));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        });
        PackageReport report = PackageScannerTest.scan(image);
        assertThat(report.packages()).isEmpty();
        assertThat(report.unread()).isEmpty();
    }
}
